import { type Dataset, type OutputHead, outputWidth } from './dataset.js';
import { check, ScrutableError } from './errors.js';
import type { Matrix } from './matrix.js';
import type {
  Capability,
  FitOptions,
  FitReport,
  Intervention,
  Observation,
  ObserveOptions,
  ParameterEdit,
  ParameterView,
  RunOptions,
  SerializedSubstrate,
  Substrate,
  SubstrateInfo,
  UnitGroup,
} from './substrate.js';

/**
 * The base every substrate should extend. Public methods check capability, fitted state and every
 * argument, then call a protected `_hook` with arguments already validated and normalised, so an
 * implementation never sees a wrong width, a NaN, an unknown site or unit, or a malformed edit.
 */
export abstract class BaseSubstrate implements Substrate {
  abstract readonly info: SubstrateInfo;
  abstract readonly capabilities: ReadonlySet<Capability>;
  heads: readonly OutputHead[] = [];
  inputWidth = 0;
  fitted = false;

  protected abstract _fit(dataset: Dataset, options: FitOptions): Promise<FitReport>;
  protected abstract _predict(inputs: Matrix, options: RunOptions): Promise<Matrix>;
  protected abstract _units(): UnitGroup[];
  protected _observe(
    _inputs: Matrix,
    _sites: readonly string[],
    _options: ObserveOptions,
  ): Promise<Observation> {
    throw this.unsupported('observe');
  }
  protected _intervene(
    _inputs: Matrix,
    _interventions: readonly Intervention[],
    _options: RunOptions,
  ): Promise<Matrix> {
    throw this.unsupported('intervene');
  }
  protected _parameters(): ParameterView[] {
    throw this.unsupported('parameters');
  }
  /** Adds `delta` (already full-size, finite) to the named parameter. */
  protected _applyEdit(_name: string, _delta: Float32Array): void {
    throw this.unsupported('edit');
  }
  protected _save(): unknown {
    throw this.unsupported('serialize');
  }
  /** Releases resources; the default holds none. */
  dispose(): void {}

  async fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    validateDataset(dataset);
    check(
      Number.isInteger(options?.seed) && options.seed >= 0,
      `fit: seed must be a non-negative integer, got ${options?.seed}`,
    );
    validateBudget(options.budget);
    // Aborted already: reject before anything changes (a substrate checks again as it goes).
    options.signal?.throwIfAborted();
    const report = await this._fit(dataset, options);
    this.heads = dataset.heads;
    this.inputWidth = dataset.train.inputs.cols;
    this.fitted = true;
    return report;
  }

  async predict(inputs: Matrix, options: RunOptions = {}): Promise<Matrix> {
    this.checkInputs(inputs, options);
    return this._predict(inputs, options);
  }

  units(): UnitGroup[] {
    this.requireFitted();
    return this._units();
  }

  async observe(inputs: Matrix, options: ObserveOptions = {}): Promise<Observation> {
    this.require('observe');
    this.checkInputs(inputs, options);
    const groups = this._units();
    const sites = options.sites ?? groups.map((g) => g.site);
    for (const site of sites) this.group(site, groups);
    return this._observe(inputs, sites, options);
  }

  async intervene(
    inputs: Matrix,
    interventions: Intervention | readonly Intervention[],
    options: RunOptions = {},
  ): Promise<Matrix> {
    this.require('intervene');
    this.checkInputs(inputs, options);
    const list: readonly Intervention[] = Array.isArray(interventions)
      ? interventions
      : [interventions as Intervention];
    const groups = this._units();
    for (const iv of list) this.checkIntervention(iv, inputs.rows, groups);
    return this._intervene(inputs, list, options);
  }

  parameters(): ParameterView[] {
    this.require('parameters');
    return this._parameters();
  }

  applyEdit(edit: ParameterEdit): void {
    this.require('edit');
    const views = this._parameters();
    const view = views.find((v) => v.name === edit?.name);
    if (!view) {
      throw new ScrutableError(
        'UNKNOWN_PARAMETER',
        `unknown parameter '${edit?.name}'`,
        views.map((v) => v.name),
      );
    }
    let delta: Float32Array;
    if ('delta' in edit) {
      check(
        edit.delta instanceof Float32Array && edit.delta.length === view.rows * view.cols,
        `edit of '${view.name}': delta must be a Float32Array of ${view.rows * view.cols} values`,
      );
      delta = edit.delta;
    } else {
      check(
        edit.u instanceof Float32Array && edit.u.length === view.rows,
        `edit of '${view.name}': u must be a Float32Array of ${view.rows} values`,
      );
      check(
        edit.v instanceof Float32Array && edit.v.length === view.cols,
        `edit of '${view.name}': v must be a Float32Array of ${view.cols} values`,
      );
      delta = new Float32Array(view.rows * view.cols);
      for (let i = 0; i < view.rows; i++)
        for (let j = 0; j < view.cols; j++) delta[i * view.cols + j] = edit.u[i]! * edit.v[j]!;
    }
    check(allFinite(delta), `edit of '${view.name}': values must be finite`);
    this._applyEdit(view.name, delta);
  }

  save(): SerializedSubstrate {
    this.require('serialize');
    return { substrate: this.info.id, formatVersion: 1, data: this._save() };
  }

  /** Throws UNSUPPORTED unless the capability is declared, NOT_FITTED unless fitted. */
  protected require(capability: Capability): void {
    if (!this.capabilities.has(capability)) throw this.unsupported(capability);
    this.requireFitted();
  }

  protected requireFitted(): void {
    if (!this.fitted)
      throw new ScrutableError('NOT_FITTED', `${this.info.id}: fit or load the substrate first`);
  }

  protected unsupported(capability: Capability): ScrutableError {
    return new ScrutableError('UNSUPPORTED', `${this.info.id} does not support '${capability}'`);
  }

  /** Restores heads, input width and the fitted flag when loading. */
  protected markLoaded(heads: readonly OutputHead[], inputWidth: number): void {
    this.heads = heads;
    this.inputWidth = inputWidth;
    this.fitted = true;
  }

  private checkInputs(inputs: Matrix, options: RunOptions): void {
    this.requireFitted();
    check(isMatrix(inputs), 'inputs must be a Matrix { rows, cols, data: Float32Array }');
    check(
      inputs.cols === this.inputWidth,
      `inputs have ${inputs.cols} columns; ${this.info.id} was fitted on ${this.inputWidth}`,
    );
    check(inputs.rows >= 1, 'inputs must have at least one row');
    check(allFinite(inputs.data), 'inputs contain NaN or infinite values');
    if (options.seed !== undefined)
      check(
        Number.isInteger(options.seed) && options.seed >= 0,
        `seed must be a non-negative integer, got ${options.seed}`,
      );
    if (options.windowMs !== undefined)
      check(
        Number.isFinite(options.windowMs) && options.windowMs > 0,
        `windowMs must be positive, got ${options.windowMs}`,
      );
  }

  private group(site: string, groups: readonly UnitGroup[]): UnitGroup {
    const g = groups.find((x) => x.site === site);
    if (!g)
      throw new ScrutableError(
        'UNKNOWN_SITE',
        `${this.info.id} has no site '${site}'`,
        groups.map((x) => x.site),
      );
    return g;
  }

  private checkIntervention(iv: Intervention, rows: number, groups: readonly UnitGroup[]): void {
    check(iv && typeof iv === 'object', 'intervention must be an object');
    const g = this.group(iv.site, groups);
    if (iv.kind === 'add') {
      check(
        iv.vector instanceof Float32Array && iv.vector.length === g.size,
        `add at '${g.site}': vector must be a Float32Array of ${g.size} values`,
      );
      check(
        allFinite(iv.vector) && Number.isFinite(iv.scale ?? 1),
        `add at '${g.site}': vector and scale must be finite`,
      );
      return;
    }
    check(
      iv.kind === 'ablate' || iv.kind === 'clamp',
      `unknown intervention kind '${(iv as { kind: unknown }).kind}' (valid: ablate, clamp, add)`,
    );
    check(Array.isArray(iv.units), `${iv.kind} at '${g.site}': units must be an array of unit indices`);
    for (const u of iv.units) {
      if (!Number.isInteger(u) || u < 0 || u >= g.size) {
        throw new ScrutableError(
          'UNKNOWN_UNIT',
          `${iv.kind} at '${g.site}': unit ${u} is outside 0..${g.size - 1}`,
        );
      }
    }
    if (iv.kind === 'ablate') {
      check(
        iv.value === undefined || iv.value === 'zero' || iv.value === 'mean',
        `ablate value must be 'zero' or 'mean'`,
      );
    } else {
      const n = iv.units.length;
      check(
        iv.values instanceof Float32Array && (iv.values.length === n || iv.values.length === n * rows),
        `clamp at '${g.site}': values must be a Float32Array of ${n} or ${n * rows} values`,
      );
      check(allFinite(iv.values), `clamp at '${g.site}': values must be finite`);
    }
  }
}

/** Throws BAD_INPUT unless the dataset is well formed. */
export function validateDataset(dataset: Dataset): void {
  check(dataset && typeof dataset === 'object', 'dataset must be an object');
  check(Array.isArray(dataset.heads) && dataset.heads.length > 0, 'dataset needs at least one output head');
  const width = outputWidth(dataset.heads);
  for (const [name, split] of [
    ['train', dataset.train],
    ['test', dataset.test],
  ] as const) {
    check(
      split && isMatrix(split.inputs) && isMatrix(split.targets),
      `dataset ${name} split needs inputs and targets matrices`,
    );
    check(
      split.inputs.rows === split.targets.rows,
      `dataset ${name}: ${split.inputs.rows} input rows but ${split.targets.rows} target rows`,
    );
    check(
      split.targets.cols === width,
      `dataset ${name}: targets have ${split.targets.cols} columns, heads need ${width}`,
    );
    check(split.inputs.cols === dataset.train.inputs.cols, `dataset ${name}: input width differs from train`);
    check(
      allFinite(split.inputs.data) && allFinite(split.targets.data),
      `dataset ${name} contains NaN or infinite values`,
    );
  }
  check(dataset.train.inputs.rows > 0, 'dataset train split is empty');
}

/**
 * Throws BAD_INPUT unless `budget` is absent or an object holding only `epochs`, a non-negative integer
 * when given. Any other key (such as a wall-clock cap) is refused: a budget counts work.
 */
function validateBudget(budget: FitOptions['budget']): void {
  if (budget === undefined) return;
  check(budget !== null && typeof budget === 'object', 'fit: budget must be an object');
  const other = Object.keys(budget).filter((key) => key !== 'epochs');
  check(!other.length, `fit: a budget counts work (epochs) only, got ${other.join(', ')}`);
  const { epochs } = budget;
  check(
    epochs === undefined || (Number.isInteger(epochs) && epochs >= 0),
    `fit: budget.epochs must be a non-negative integer, got ${epochs}`,
  );
}

/** True when every value is finite. */
export function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

function isMatrix(m: unknown): m is Matrix {
  const x = m as Matrix;
  return (
    !!x &&
    x.data instanceof Float32Array &&
    Number.isInteger(x.rows) &&
    Number.isInteger(x.cols) &&
    x.data.length === x.rows * x.cols
  );
}
