import { ScrutableError, type SubstrateFactory } from '@scrutable/core';
import type { CellSpec } from './cells.js';
import { type AnalysisApi, loadAnalysis, loadTaskSource, type TaskSource } from './deps.js';
import { factoriesOf, substrateModule } from './registry.js';
import { type BenchCellResult, runCell } from './run-cell.js';

/** What the pool sends a worker: the cell and the registry entry to import its substrate from. */
export interface WorkerTask {
  readonly spec: CellSpec;
  /** The package's `scrutable.substrates` entry. */
  readonly entry: string;
}

let shared: Promise<{ tasks: TaskSource; analysis: AnalysisApi | undefined }> | undefined;
const factories = new Map<string, Promise<SubstrateFactory[]>>();

async function factoryFor(task: WorkerTask): Promise<SubstrateFactory> {
  const key = substrateModule(task.spec.packageName, task.entry);
  let loaded = factories.get(key);
  if (!loaded) {
    loaded = import(key).then(factoriesOf);
    factories.set(key, loaded);
  }
  const factory = (await loaded).find((f) => f.id === task.spec.substrate);
  if (!factory) throw new ScrutableError('UNKNOWN_NAME', `${key} has no substrate '${task.spec.substrate}'`);
  return factory;
}

/** Runs one cell in a worker thread (the pool's entry point); the result is plain JSON. */
export default async function runCellInWorker(task: WorkerTask): Promise<BenchCellResult> {
  shared ??= Promise.all([loadTaskSource(), loadAnalysis()]).then(([tasks, analysis]) => ({
    tasks,
    analysis,
  }));
  const { tasks, analysis } = await shared;
  const factory = await factoryFor(task);
  return runCell(task.spec, { tasks, analysis, factory });
}
