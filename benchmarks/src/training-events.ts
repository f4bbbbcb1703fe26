import type { SubstrateFactory } from '@scrutable/core';
import { generateTask } from '@scrutable/tasks';

/** What a plastic-training benchmark measures: one substrate learning the first rows of shapes level 1. */
export interface TrainingEventsOptions {
  readonly factory: SubstrateFactory;
  readonly config: unknown;
  /** Training rows used (the first ones). */
  readonly rows: (all: number) => number;
  /** The fit report's `details` entry with the simulator's event count over the plastic phase. */
  readonly eventsDetail: string;
  readonly repeats: number;
  readonly log: (line: string) => void;
  /** Name the log lines start with. */
  readonly label: string;
}

/**
 * Synaptic events/s of a substrate's plastic phase, one sample per fit after a warm-up fit: the phase
 * runs from the start of fit to its last progress report (what follows it, a reading pass or the
 * scoring, is left out), and its events are the simulator's own count, read from the fit report.
 */
export async function trainingEventsPerSecond(
  options: TrainingEventsOptions,
): Promise<{ samples: number[]; rows: number }> {
  const task = generateTask('shapes', { level: 1, seed: 0 });
  const rows = options.rows(task.train.inputs.rows);
  const slice = (m: typeof task.train.inputs) => ({ ...m, rows, data: m.data.subarray(0, rows * m.cols) });
  const train = { inputs: slice(task.train.inputs), targets: slice(task.train.targets) };
  const samples: number[] = [];
  for (let k = 0; k <= options.repeats; k++) {
    const substrate = options.factory.create({ config: options.config });
    const start = performance.now();
    let plasticEnd = start;
    let reports = 0;
    const report = await substrate.fit(
      { ...task, train },
      {
        seed: k,
        onProgress: () => {
          plasticEnd = performance.now();
          reports++;
        },
      },
    );
    const events = Number(report.details?.[options.eventsDetail]);
    const perSecond = events / ((plasticEnd - start) / 1000);
    options.log(
      `${options.label}: ${reports} progress reports, ${events} events, ${(perSecond / 1e6).toFixed(2)} M events/s`,
    );
    if (k > 0) samples.push(perSecond); // the first is the warm-up
    substrate.dispose();
  }
  return { samples, rows };
}
