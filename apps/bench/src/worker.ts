import { ScrutableError, type SubstrateFactory } from '@scrutable/core';
import type { CellSpec } from './cells.js';
import { type AnalysisApi, loadAnalysis, loadTaskSource, type TaskSource } from './deps.js';
import { factoriesOf, substrateModule } from './registry.js';
import { type BenchCellResult, type FitStoreOptions, runCell } from './run-cell.js';

/** Where a worker imports a substrate factory from: its registry id, package and `scrutable.substrates` entry. */
export interface FactoryLocation {
  readonly id: string;
  readonly packageName: string;
  readonly entry: string;
}

/** What the pool sends a worker: the cell and the registry entry to import its substrate from. */
export interface WorkerTask {
  readonly spec: CellSpec;
  /** The package's `scrutable.substrates` entry. */
  readonly entry: string;
  /** For a derived substrate: where its source factory is. */
  readonly source?: FactoryLocation;
  /** The model store, when fits are shared. */
  readonly fits?: FitStoreOptions;
}

let shared: Promise<{ tasks: TaskSource; analysis: AnalysisApi | undefined }> | undefined;
const factories = new Map<string, Promise<SubstrateFactory[]>>();

async function importFactory({ id, packageName, entry }: FactoryLocation): Promise<SubstrateFactory> {
  const key = substrateModule(packageName, entry);
  let loaded = factories.get(key);
  if (!loaded) {
    loaded = import(key).then(factoriesOf);
    factories.set(key, loaded);
  }
  const factory = (await loaded).find((f) => f.id === id);
  if (!factory) throw new ScrutableError('UNKNOWN_NAME', `${key} has no substrate '${id}'`);
  return factory;
}

/** Runs one cell in a worker thread (the pool's entry point); the result is plain JSON. */
export default async function runCellInWorker(task: WorkerTask): Promise<BenchCellResult> {
  shared ??= Promise.all([loadTaskSource(), loadAnalysis()]).then(([tasks, analysis]) => ({
    tasks,
    analysis,
  }));
  const { tasks, analysis } = await shared;
  const { spec } = task;
  const factory = await importFactory({
    // a rung of the dense ladder runs its substrate's factory
    id: spec.rungOf ?? spec.substrate,
    packageName: spec.packageName,
    entry: task.entry,
  });
  const source = task.source ? await importFactory(task.source) : undefined;
  return runCell(spec, {
    tasks,
    analysis,
    factory,
    ...(source ? { source } : {}),
    ...(task.fits ? { fits: task.fits } : {}),
  });
}
