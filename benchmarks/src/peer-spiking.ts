import { timeEventDrivenReference } from './event-driven-reference.js';
import { runPeer } from './peer-python.js';
import type { PeerRow } from './peer-rows.js';
import { median } from './stats.js';
import { endToEndForks } from './suites/spiking.js';

/**
 * Brette et al. 2007 benchmark 4 (4,000 neurons, build + 1 s simulated) end to end against Brian2's
 * C++ standalone binary, warm and in a fresh isolate, and against the simulator's own algorithm
 * compiled ahead of time (natively and to WebAssembly): what the same design costs without a JIT.
 */
export async function compareSpiking(repeats: number): Promise<{ rows: PeerRow[]; measured: unknown }> {
  const rows: PeerRow[] = [];
  const brian = runPeer('brian2_brette4.py', ['4000', String(repeats)]);
  const ours = await endToEndForks({ neurons: 4000, simulatedMs: 1000 }, repeats);
  const brianSeconds = brian.medianBinarySeconds as number;
  const brianNote = `Brian2 ${brian.version} C++ standalone binary (compiled once, ${(brian.buildAndCompileSeconds as number).toFixed(0)} s, not counted); lower is better`;
  const seconds = {
    warmSeconds: median(ours.map((run) => run.warmSeconds)),
    coldSeconds: median(ours.map((run) => run.coldSeconds)),
  };
  // Warm is the like-for-like figure (code compiled, as the binary is); cold adds V8's compiling.
  for (const [when, key, note] of [
    ['warm', 'warmSeconds', `${brianNote}, target ratio <= 0.33`],
    ['first run of a fresh isolate', 'coldSeconds', `${brianNote}; includes compiling the simulator's code`],
  ] as const) {
    rows.push({
      group: 'spiking',
      workload: `Brette 2007 benchmark 4, 4,000 neurons, build + 1 s simulated (${when})`,
      scrutable: seconds[key],
      peer: brianSeconds,
      unit: 's',
      ratio: seconds[key] / brianSeconds,
      note,
    });
  }
  const references = timeEventDrivenReference(4000, repeats);
  for (const reference of references)
    rows.push({
      group: 'spiking',
      workload: `the same (warm), against the simulator's algorithm in C (${reference.target})`,
      scrutable: seconds.warmSeconds,
      peer: reference.medianSeconds,
      unit: 's',
      ratio: seconds.warmSeconds / reference.medianSeconds,
      note: `${reference.compiler}; that / Brian2 = ${(reference.medianSeconds / brianSeconds).toFixed(2)}; lower is better`,
    });
  return { rows, measured: { brian, ours, references } };
}
