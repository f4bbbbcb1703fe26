import type { PartsRun } from '../bare-delivery.js';
import type { Brette2007Job, Brette2007Run, EndToEndJob, EndToEndRun } from '../brette2007.js';
import { seededForks } from '../fresh-isolate.js';
import type { BenchRecord, BenchSuite } from '../harness.js';
import type { LockstepRun } from '../lockstep.js';

/** `repeats` samples, each the median of several timed runs in a fresh isolate after a warm-up (see brette2007-worker). */
function forks(job: Omit<Brette2007Job, 'seed'>, repeats: number): Promise<Brette2007Run[]> {
  return seededForks<Brette2007Run>('brette2007-worker', job, repeats);
}

/** `repeats` end-to-end samples, first run and warm, each in a fresh isolate (see brette2007-end-to-end-worker). */
export function endToEndForks(job: Omit<EndToEndJob, 'seed'>, repeats: number): Promise<EndToEndRun[]> {
  return seededForks<EndToEndRun>('brette2007-end-to-end-worker', job, repeats);
}

/** One record per timed field of `runs` (seconds), each sample logged in ms. */
function secondsRecords<T>(
  benchmark: string,
  runs: readonly T[],
  fields: Record<string, (run: T) => number>,
  params: Record<string, unknown>,
  log: (line: string) => void,
): BenchRecord[] {
  const entries = Object.entries(fields);
  const inMs = (run: T) =>
    entries.map(([metric, f]) => `${metric} ${(1000 * f(run)).toFixed(1)} ms`).join(', ');
  log(`${benchmark}: ${runs.map(inMs).join('; ')}`);
  return entries.map(([metric, f]) => ({ benchmark, metric, unit: 's', samples: runs.map(f), params }));
}

/** The record of wall ms per simulated second of `runs`. */
function wallMsRecord(
  benchmark: string,
  runs: readonly { wallMsPerSimulatedS: number }[],
  params: Record<string, unknown>,
): BenchRecord {
  return {
    benchmark,
    metric: 'wall ms per simulated s',
    unit: 'ms',
    samples: runs.map((m) => m.wallMsPerSimulatedS),
    params,
  };
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
        wallMsRecord(name, runs, params),
      );
    }
    const endToEndParams = { neurons: base, simulatedMs };
    const endToEnd = await endToEndForks(endToEndParams, repeats);
    records.push(
      ...secondsRecords(
        'spiking.brette4.end-to-end',
        endToEnd,
        {
          'build + run s, warm': (m) => m.warmSeconds,
          'build + run s, first run of an isolate': (m) => m.coldSeconds,
        },
        endToEndParams,
        log,
      ),
    );
    // What a third of Brian2's time must hold: the network's build, and the least its deliveries cost.
    const parts = await seededForks<PartsRun>('brette2007-parts-worker', endToEndParams, repeats);
    records.push(
      ...secondsRecords(
        'spiking.brette4.parts',
        parts,
        {
          'build s': (m) => m.buildSeconds,
          'bare delivery s (the run replayed: refractory test + add per event)': (m) => m.bareDeliverySeconds,
        },
        { ...endToEndParams, events: parts.map((m) => m.events) },
        log,
      ),
    );
    // Simultaneous keys: the same number of neurons, unconnected and in lockstep.
    const lockstepParams = { neurons: base, simulatedMs };
    const lockstep = await seededForks<LockstepRun>('lockstep-worker', lockstepParams, repeats);
    log(`spiking.lockstep: ${lockstep.map((m) => m.wallMsPerSimulatedS.toFixed(1)).join(', ')} ms/s`);
    records.push(
      wallMsRecord('spiking.lockstep', lockstep, {
        ...lockstepParams,
        spikes: lockstep.map((m) => m.spikes),
      }),
    );
    for (const neurons of scaling) {
      const runs = await forks({ neurons, simulatedMs, stdp: false }, repeats);
      log(
        `spiking.scaling.${neurons}: ${runs.map((m) => Math.round(m.wallMsPerSimulatedS)).join(', ')} ms/s`,
      );
      records.push(
        wallMsRecord(`spiking.scaling.${neurons}`, runs, {
          neurons,
          simulatedMs,
          meanRateHz: runs.map((m) => m.rateHz),
          eventsPerS: runs.map((m) => m.eventsPerS),
        }),
      );
    }
    return records;
  },
};

export default suite;
