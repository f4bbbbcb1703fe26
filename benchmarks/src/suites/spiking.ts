import type { Brette2007Job, Brette2007Run, EndToEndJob, EndToEndRun } from '../brette2007.js';
import { seededForks } from '../fresh-isolate.js';
import type { BenchRecord, BenchSuite } from '../harness.js';

/** `repeats` samples, each the median of several timed runs in a fresh isolate after a warm-up (see brette2007-worker). */
function forks(job: Omit<Brette2007Job, 'seed'>, repeats: number): Promise<Brette2007Run[]> {
  return seededForks<Brette2007Run>('brette2007-worker', job, repeats);
}

/** `repeats` end-to-end samples, first run and warm, each in a fresh isolate (see brette2007-end-to-end-worker). */
export function endToEndForks(job: Omit<EndToEndJob, 'seed'>, repeats: number): Promise<EndToEndRun[]> {
  return seededForks<EndToEndRun>('brette2007-end-to-end-worker', job, repeats);
}

/**
 * Simulator throughput on the Brette et al. 2007 benchmark 4 network (`brette2007Network`), with and
 * without STDP, and its scaling. Each sample is its own fork: V8 settles into faster or slower code
 * from one isolate to the next, and forks measure that spread instead of the order the runs came in.
 * The 50 M events/s target is the plain network's; the plastic one is recorded beside it, since every
 * plastic synapse event also reads a trace and writes a weight scattered over the whole matrix.
 * End to end (build + run) is the figure `bench:peers` compares with Brian2, warm and cold.
 */
const suite: BenchSuite = {
  name: 'spiking',
  description:
    'Event-driven LIF simulator on Brette et al. 2007 benchmark 4 (voltage-jump synapses, 80/20 E/I, 2% connectivity).',
  async run({ size, repeats, log }) {
    const simulatedMs = size === 'full' ? 1000 : 50;
    const base = size === 'full' ? 4000 : 400;
    const scaling = size === 'full' ? [1000, 2000, 4000, 8000, 16000] : [200, 400];
    const records: BenchRecord[] = [];
    for (const stdp of [false, true]) {
      const runs = await forks({ neurons: base, simulatedMs, stdp }, repeats);
      const name = `spiking.brette4${stdp ? '.stdp' : ''}`;
      const params = { neurons: base, simulatedMs, stdp, meanRateHz: runs.map((m) => m.rateHz) };
      log(
        `${name}: ${runs.map((m) => Math.round(m.eventsPerS).toLocaleString('en-US')).join(', ')} events/s`,
      );
      records.push(
        {
          benchmark: name,
          metric: 'synaptic events/s',
          unit: 'events/s',
          samples: runs.map((m) => m.eventsPerS),
          params,
          ...(stdp ? {} : { target: { op: '>=' as const, value: 50e6 } }),
        },
        {
          benchmark: name,
          metric: 'wall ms per simulated s',
          unit: 'ms',
          samples: runs.map((m) => m.wallMsPerSimulatedS),
          params,
        },
      );
    }
    const endToEnd = await endToEndForks({ neurons: base, simulatedMs }, repeats);
    log(
      `spiking.brette4.end-to-end: ${endToEnd.map((m) => `${(1000 * m.warmSeconds).toFixed(1)} ms warm, ${(1000 * m.coldSeconds).toFixed(1)} ms cold`).join('; ')}`,
    );
    const endToEndParams = { neurons: base, simulatedMs };
    records.push(
      {
        benchmark: 'spiking.brette4.end-to-end',
        metric: 'build + run s, warm',
        unit: 's',
        samples: endToEnd.map((m) => m.warmSeconds),
        params: endToEndParams,
      },
      {
        benchmark: 'spiking.brette4.end-to-end',
        metric: 'build + run s, first run of an isolate',
        unit: 's',
        samples: endToEnd.map((m) => m.coldSeconds),
        params: endToEndParams,
      },
    );
    for (const neurons of scaling) {
      const runs = await forks({ neurons, simulatedMs, stdp: false }, repeats);
      log(
        `spiking.scaling.${neurons}: ${runs.map((m) => Math.round(m.wallMsPerSimulatedS)).join(', ')} ms/s`,
      );
      records.push({
        benchmark: `spiking.scaling.${neurons}`,
        metric: 'wall ms per simulated s',
        unit: 'ms',
        samples: runs.map((m) => m.wallMsPerSimulatedS),
        params: {
          neurons,
          simulatedMs,
          meanRateHz: runs.map((m) => m.rateHz),
          eventsPerS: runs.map((m) => m.eventsPerS),
        },
      });
    }
    return records;
  },
};

export default suite;
