import {
  accuracy,
  applyInterventions,
  BaseSubstrate,
  type Capability,
  type Dataset,
  type FitOptions,
  type FitReport,
  forwardPassCost,
  hashSeed,
  type Intervention,
  interventionsAt,
  type LabelledSplit,
  type Matrix,
  matrix,
  type Observation,
  Rng,
  row,
  ScrutableError,
  type SerializedSubstrate,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import { generateTask, type TaskInstance } from '@scrutable/tasks';
import { FourierStage } from './fourier-stage.js';
import { LatentLayout } from './latent-layout.js';

/** Settings of the planted control. */
export interface PlantedConfig {
  /** Units of seeded noise appended after the latents (default 8). */
  readonly noiseUnits?: number;
}

/** The planted control's site of latent units, then noise units. */
export const PLANTED_SITE = 'units';
/** Its second site on modular addition: the product stage of the known Fourier algorithm. */
export const FOURIER_SITE = 'fourier';

/** Where the Fourier stage reads its inputs and writes its result, by latent index. */
export interface StageWiring {
  readonly stage: FourierStage;
  readonly a: number;
  readonly b: number;
  readonly sum: number;
}

/**
 * What the planted control needs of a dataset: latents on its splits and the ground truth as a causal
 * model. Every `TaskInstance` of `@scrutable/tasks` is one.
 */
export interface GroundTruthTask extends Dataset {
  readonly train: LabelledSplit;
  readonly test: LabelledSplit;
  /** Latents and targets of one input row, with the listed latents (by index) forced to values. */
  groundTruth(
    input: Float32Array,
    overrides?: ReadonlyMap<number, number>,
  ): { latents: Float32Array; targets: Float32Array };
}

/** The identity of a generated task: enough to regenerate it. */
export interface GeneratedTask {
  readonly domain: string;
  readonly level: number;
  readonly seed: number;
}

/** What `save` stores. */
export interface PlantedState {
  readonly task: GeneratedTask & { readonly name: string };
  readonly noiseUnits: number;
  readonly seed: number;
}

/** True when `dataset` carries latents and a ground-truth causal model. */
export function hasGroundTruth(dataset: Dataset): dataset is GroundTruthTask {
  const task = dataset as Partial<GroundTruthTask>;
  return typeof task.groundTruth === 'function' && Array.isArray(task.train?.latents);
}

/**
 * A glass box: its units are exactly the task's ground-truth latents (laid out by LatentLayout:
 * binary and continuous latents one unit each, categorical latents one-hot) followed by noise units
 * that depend on the input only through a seeded hash, so they carry no latent. Outputs are the true
 * targets, computed by the task's causal model; an intervention on latent units becomes an override
 * of those latents in that model, so it reaches the outputs exactly as the ground truth says.
 * Interventions on noise units change nothing. On modular addition it also lays out, as a second site,
 * the hidden stage of the known Fourier algorithm (see FourierStage): an intervention there is read
 * back as the sum those units stand for and forced in the model. It has no weight matrices, so no
 * parameters or edit.
 * Saving records which task it was fitted on and regenerates that task when loading, so only a
 * planted control fitted on a generated task (`generateTask`) can be saved.
 */
export class PlantedSubstrate extends BaseSubstrate {
  readonly info: SubstrateInfo = {
    id: 'planted',
    family: 'control',
    synchronous: true,
    description:
      'Glass-box control: units are the ground-truth latents of the task plus noise units, wired through the true causal model.',
  };
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['observe', 'intervene', 'serialize']);
  readonly noiseUnits: number;
  protected task: GroundTruthTask | undefined;
  protected layout = new LatentLayout([]);
  protected wiring: StageWiring | null = null;
  protected seed = 0;

  constructor(config: PlantedConfig = {}) {
    super();
    const noise = config.noiseUnits ?? 8;
    if (!Number.isInteger(noise) || noise < 0 || noise > 4096)
      throw new ScrutableError(
        'BAD_CONFIG',
        `planted: noiseUnits must be an integer in 0..4096, got ${noise}`,
      );
    this.noiseUnits = noise;
  }

  protected async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    if (!hasGroundTruth(dataset))
      throw new ScrutableError(
        'BAD_INPUT',
        'the planted control needs a task instance with ground-truth latents and a groundTruth(input) causal model (from @scrutable/tasks)',
      );
    const started = performance.now();
    this.task = dataset;
    this.layout = new LatentLayout(dataset.train.latents);
    this.wiring = stageWiring(dataset);
    this.seed = options.seed;
    const trainScore = accuracy(this.outputs(dataset.train.inputs), dataset.train.targets, dataset.heads);
    return { epochs: 0, wallMs: performance.now() - started, trainScore };
  }

  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return this.outputs(inputs);
  }

  protected _units(): UnitGroup[] {
    const noise = Array.from({ length: this.noiseUnits }, (_, i) => `noise/${i}`);
    const groups: UnitGroup[] = [
      {
        site: PLANTED_SITE,
        size: this.layout.width + this.noiseUnits,
        state: 'latent',
        labels: [...this.layout.labels(), ...noise],
      },
    ];
    if (this.wiring)
      groups.push({
        site: FOURIER_SITE,
        size: this.wiring.stage.width,
        state: 'activation',
        labels: this.wiring.stage.labels(),
      });
    return groups;
  }

  protected override async _observe(inputs: Matrix, sites: readonly string[]): Promise<Observation> {
    const started = performance.now();
    const states: Record<string, Matrix> = {};
    if (sites.includes(PLANTED_SITE)) states[PLANTED_SITE] = this.states(inputs);
    if (this.wiring && sites.includes(FOURIER_SITE))
      states[FOURIER_SITE] = this.stageStates(inputs, this.wiring);
    return { states, cost: forwardPassCost(inputs.rows, started) };
  }

  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
  ): Promise<Matrix> {
    const edited = this.states(inputs);
    const touched = applyInterventions(edited, interventionsAt(PLANTED_SITE, interventions));
    const slots = this.layout.slots
      .map((slot, index) => ({ slot, index }))
      .filter(({ slot }) => touched.subarray(slot.offset, slot.offset + slot.width).some((t) => t === 1));
    const latentUnits = this.latentUnits(edited);
    const overridesOf = (r: number) => {
      const units = row(latentUnits, r);
      return new Map(slots.map(({ slot, index }) => [index, this.layout.decode(slot, units)]));
    };
    // The Fourier stage comes after the latents (it reads a and b as forced there) and feeds the
    // output: a sum read from edited stage units overrides the one the latents give.
    const wiring = this.wiring;
    const onStage = interventionsAt(FOURIER_SITE, interventions);
    let stage: Matrix | undefined;
    if (wiring && onStage.length > 0) {
      stage = this.stageStates(inputs, wiring, overridesOf);
      if (!applyInterventions(stage, onStage).includes(1)) stage = undefined;
    }
    const stageUnits = stage && this.stageValues(stage);
    return this.outputs(inputs, (r) => {
      const overrides = overridesOf(r);
      if (wiring && stageUnits) overrides.set(wiring.sum, wiring.stage.readSum(row(stageUnits, r), 0));
      return overrides;
    });
  }

  /** Ground-truth targets per row, with the latent overrides `overridesOf(row)` forced. */
  protected outputs(inputs: Matrix, overridesOf?: (r: number) => ReadonlyMap<number, number>): Matrix {
    const task = this.requireTask();
    let out: Matrix | undefined;
    for (let r = 0; r < inputs.rows; r++) {
      const { targets } = task.groundTruth(row(inputs, r), overridesOf?.(r));
      out ??= matrix(inputs.rows, targets.length);
      out.data.set(targets, r * out.cols);
    }
    return out!;
  }

  /** The states of the units site read back as encoded latents (here they are the same). */
  protected latentUnits(states: Matrix): Matrix {
    return states;
  }

  /** Unit states per row: the encoded latents, then the noise units. */
  protected states(inputs: Matrix): Matrix {
    const task = this.requireTask();
    const width = this.layout.width + this.noiseUnits;
    const out = matrix(inputs.rows, width);
    for (let r = 0; r < inputs.rows; r++) {
      const input = row(inputs, r);
      this.layout.encode(task.groundTruth(input).latents, out.data, r * width);
      if (this.noiseUnits === 0) continue;
      const rng = new Rng(hashSeed(this.seed, 'noise', ...input));
      for (let j = 0; j < this.noiseUnits; j++) out.data[r * width + this.layout.width + j] = rng.normal();
    }
    return out;
  }

  /** The states of the Fourier-stage site read back as the stage's values (here they are the same). */
  protected stageValues(states: Matrix): Matrix {
    return states;
  }

  /** Fourier-stage units per row, from the row's a and b (with the latent overrides `overridesOf(row)`). */
  protected stageStates(
    inputs: Matrix,
    wiring: StageWiring,
    overridesOf?: (r: number) => ReadonlyMap<number, number>,
  ): Matrix {
    const task = this.requireTask();
    const out = matrix(inputs.rows, wiring.stage.width);
    for (let r = 0; r < inputs.rows; r++) {
      const { latents } = task.groundTruth(row(inputs, r), overridesOf?.(r));
      wiring.stage.write(latents[wiring.a]!, latents[wiring.b]!, out.data, r * out.cols);
    }
    return out;
  }

  protected override _save(): PlantedState {
    const task = this.requireTask() as Partial<GeneratedTask>;
    if (typeof task.domain !== 'string' || !Number.isInteger(task.level) || !Number.isInteger(task.seed))
      throw new ScrutableError(
        'UNSUPPORTED',
        'planted: only a control fitted on a generated task (domain, level, seed) can be saved',
      );
    return {
      task: { domain: task.domain, level: task.level!, seed: task.seed!, name: this.requireTask().name },
      noiseUnits: this.noiseUnits,
      seed: this.seed,
    };
  }

  /** Restores a saved planted control (of `id`, built by `make` from the saved data) by regenerating its task. */
  static async load(
    saved: SerializedSubstrate,
    id = 'planted',
    make: (data: Readonly<Record<string, unknown>>) => PlantedSubstrate = (data) =>
      new PlantedSubstrate({ noiseUnits: data.noiseUnits as number }),
  ): Promise<PlantedSubstrate> {
    const data = saved?.data as Partial<PlantedState> | undefined;
    const t = data?.task;
    if (
      saved?.substrate !== id ||
      !t ||
      typeof t.domain !== 'string' ||
      !Number.isInteger(data.seed) ||
      !Number.isInteger(data.noiseUnits)
    )
      throw new ScrutableError('BAD_STATE', 'not a saved planted control');
    let task: GroundTruthTask;
    try {
      task = generateTask(t.domain, { level: t.level, seed: t.seed });
    } catch (e) {
      throw new ScrutableError('BAD_STATE', `planted: cannot regenerate its task: ${(e as Error).message}`);
    }
    if (task.name !== t.name)
      throw new ScrutableError('BAD_STATE', `planted: regenerated task '${task.name}', saved '${t.name}'`);
    const planted = make(data as Record<string, unknown>);
    await planted.fit(task, { seed: data.seed! });
    return planted;
  }

  protected requireTask(): GroundTruthTask {
    if (!this.task) throw new ScrutableError('NOT_FITTED', 'planted: fit it on a task first');
    return this.task;
  }
}

/** The Fourier stage's wiring on a modular-addition task with latents a, b and sum; null elsewhere. */
function stageWiring(task: GroundTruthTask): StageWiring | null {
  const structure = (task as Partial<TaskInstance>).structure;
  if (structure?.domain !== 'modadd') return null;
  const names = task.train.latents.map((l) => l.name);
  const [a, b, sum] = ['a', 'b', 'sum'].map((n) => names.indexOf(n)) as [number, number, number];
  if (a < 0 || b < 0 || sum < 0) return null;
  return { stage: new FourierStage(structure.p), a, b, sum };
}
