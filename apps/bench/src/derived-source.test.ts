import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BaseSubstrate,
  type Capability,
  type Dataset,
  type FitReport,
  type Matrix,
  matrix,
  ScrutableError,
  type Substrate,
  type SubstrateFactory,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';
import type { AnalysisApi, BenchTask, TaskSource } from './deps.js';
import type { RegistryEntry } from './registry.js';
import { runBench } from './runner.js';

/** Predicts class `value` for every example. */
class Constant extends BaseSubstrate {
  readonly capabilities: ReadonlySet<Capability> = new Set();
  private width = 0;
  constructor(
    readonly info: SubstrateInfo,
    private readonly value: number,
  ) {
    super();
  }
  protected async _fit(dataset: Dataset): Promise<FitReport> {
    this.width = dataset.train.targets.cols;
    return { epochs: 0, wallMs: 0 };
  }
  protected async _predict(inputs: Matrix): Promise<Matrix> {
    const out = matrix(inputs.rows, this.width);
    for (let r = 0; r < inputs.rows; r++) out.data[r * this.width + this.value] = 1;
    return out;
  }
  protected _units(): UnitGroup[] {
    return [];
  }
}

const info = (id: string): SubstrateInfo => ({ id, family: 'control', synchronous: true, description: id });

/** A source that answers class 1 ([0, 1]), and a derived substrate that runs whatever source it is given. */
const source: SubstrateFactory = {
  ...info('one'),
  learning: 'none (test)',
  create: () => new Constant(info('one'), 1),
  load: async () => new Constant(info('one'), 1),
};

function derived(id: string, from: string): SubstrateFactory {
  const make = (given?: SubstrateFactory): Substrate => {
    if (!given) throw new ScrutableError('BAD_CONFIG', `${id} needs its source`);
    return given.create();
  };
  return {
    ...info(id),
    derivedFrom: from,
    learning: 'none (test)',
    create: (options) => make(options?.source),
    load: async (_saved, options) => make(options?.source),
  };
}

const entry = (factory: SubstrateFactory): RegistryEntry => ({
  factory,
  packageName: `test-${factory.id}`,
  entry: '.',
  version: '1.0.0',
});

/** One example, two classes, the second one right. */
const tasks: TaskSource = {
  domains: ['one'],
  generate: (domain, level, seed): BenchTask => {
    const split = () => ({ inputs: matrix(1, 1, [0]), targets: matrix(1, 2, [0, 1]), latents: [] });
    return {
      name: `${domain}/L${level}/s${seed}`,
      domain,
      level,
      seed,
      inputNames: ['x'],
      heads: [{ name: 'y', kind: 'class', size: 2 }],
      train: split(),
      test: split(),
      chance: 0.5,
    };
  },
  toCsv: () => '',
};

async function run(entries: RegistryEntry[], substrate: string, analysis?: AnalysisApi) {
  const config = resolveConfig(
    {},
    { substrates: [substrate], tasks: ['one'], levels: [1], seeds: 1 },
    { substrates: entries.map((e) => e.factory.id), domains: tasks.domains },
  );
  const outDir = mkdtempSync(join(tmpdir(), 'bench-derived-'));
  return runBench({ config, entries, tasks, analysis, outDir, workers: 0 });
}

describe('derived substrates in a bench run', () => {
  it('are created from the source their derivedFrom names, resolved through the registry', async () => {
    const outcome = await run([entry(source), entry(derived('copy', 'one'))], 'copy');
    const [cell] = outcome.results!.cells;
    expect(cell).toMatchObject({ substrate: 'copy', status: 'ok' });
    // The only way to answer right is to run the source: the derived factory has no model of its own.
    expect(cell!.capability?.test).toBe(1);
  });

  it('give the analysis an untrained twin built from the same source', async () => {
    // the twin must run the source too: it answers right only through it
    const twinAnswers: number[] = [];
    const analysis: AnalysisApi = {
      analyzeCell: async (_substrate, task, options) => {
        const predicted = await options.untrained!.predict(task.test.inputs, { seed: 0 });
        twinAnswers.push(predicted.data[1]!);
        return { metrics: {}, index: null };
      },
    };
    const outcome = await run([entry(source), entry(derived('copy', 'one'))], 'copy', analysis);
    expect(outcome.results!.cells[0]).toMatchObject({ substrate: 'copy', status: 'ok' });
    expect(twinAnswers).toEqual([1]);
  });

  it('stop the run with UNKNOWN_NAME when the source is not installed', async () => {
    await expect(run([entry(derived('orphan', 'missing'))], 'orphan')).rejects.toMatchObject({
      name: 'ScrutableError',
      code: 'UNKNOWN_NAME',
    });
  });
});
