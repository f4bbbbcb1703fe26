import { analyzeCell, FAMILIES, type Family } from '@scrutable/analysis';
import dense from '@scrutable/substrate-dense';
import { generateTask } from '@scrutable/tasks';
import type { BenchRecord, BenchSuite } from '../harness.js';

/**
 * Wall time of `analyzeCell` on one trained dense net: each family alone (it pays for the shared
 * probes it needs) and all families together, on boolean circuits at level 2 (tiny: level 1, two
 * families).
 */
const suite: BenchSuite = {
  name: 'analysis',
  description:
    'Wall time of analyzeCell per family on a trained dense MLP (boolean circuits, level 2, 400 examples).',
  async run({ size, repeats, log }) {
    const level = size === 'full' ? 2 : 1;
    const hidden = size === 'full' ? [64, 64] : [16];
    const families: readonly Family[] = size === 'full' ? FAMILIES : ['decode', 'localize'];
    const task = generateTask('boolean', { level, seed: 1 });
    const substrate = dense.create({ config: { hidden, epochs: size === 'full' ? 150 : 20 } });
    await substrate.fit(task, { seed: 1 });
    const params = { domain: 'boolean', level, hidden, maxExamples: 400, trainRows: task.train.inputs.rows };
    const records: BenchRecord[] = [];
    const time = async (subset: readonly Family[]): Promise<number[]> => {
      await analyzeCell(substrate, task, { seed: 1, families: subset }); // warm-up
      const samples: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const started = performance.now();
        await analyzeCell(substrate, task, { seed: 1 + r, families: subset });
        samples.push(performance.now() - started);
      }
      return samples;
    };
    for (const family of families) {
      const samples = await time([family]);
      log(`analysis ${family}: ${samples.map((s) => s.toFixed(0)).join(', ')} ms`);
      records.push({
        benchmark: `analysis.${family}`,
        metric: 'wall time per cell',
        unit: 'ms',
        samples,
        params,
      });
    }
    const all = await time(families);
    log(`analysis all families: ${all.map((s) => s.toFixed(0)).join(', ')} ms`);
    records.push({
      benchmark: 'analysis.all',
      metric: 'wall time per cell',
      unit: 'ms',
      samples: all,
      params: { ...params, families },
      // The bench grid runs hundreds of cells on a laptop: one cell must stay within seconds.
      target: { op: '<=', value: 10_000 },
    });
    substrate.dispose();
    return records;
  },
};

export default suite;
