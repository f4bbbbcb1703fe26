import type { Matrix } from '@scrutable/core';
import {
  columnMeans,
  crossProduct,
  type Dense,
  factorRidge,
  fitIsotropicScaler,
  fitStandardizer,
  gram,
  type LinearProbe,
  meanSquaredError,
  predictProbe,
  type RidgeFactor,
  type Standardizer,
  solveRidge,
  standardize,
} from './ridge.js';
import { encodeTarget, type ProbeTarget, probeScore } from './targets.js';

/** Ridge strengths tried, as multiples of the number of fitting examples (features are standardized). */
const LAMBDA_FACTORS = [1e-4, 1e-3, 1e-2, 1e-1, 1];

/** One probe's result: normalised scores on the validation part of train and on test. */
export interface ProbeResult {
  readonly validation: number;
  readonly test: number;
  readonly lambda: number;
}

/** A greedy sparse probe: units in the order chosen, and the scores after each step. */
export interface SparseProbeResult {
  readonly units: readonly number[];
  readonly testByStep: readonly number[];
  /** Normalised score on the validation part of train after each step. */
  readonly validationByStep: readonly number[];
}

/** A site's states scaled one way: fitting, validation, train and test rows, and their Gram matrices. */
interface ProbeSpace {
  readonly xFit: Dense;
  readonly xVal: Dense;
  readonly gFit: Float64Array;
  readonly xTrain: Dense;
  readonly xTest: Dense;
  readonly gTrain: Float64Array;
  /** Per-unit factor from raw states to these features (train statistics). */
  readonly scaleTrain: Float64Array;
}

function probeSpace(
  train: Matrix,
  test: Matrix,
  fitRows: readonly number[],
  validationRows: readonly number[],
  scaler: (x: Matrix, rows?: readonly number[]) => Standardizer,
): ProbeSpace {
  const sFit = scaler(train, fitRows);
  const xFit = standardize(train, sFit, fitRows);
  const sAll = scaler(train);
  const xTrain = standardize(train, sAll);
  return {
    xFit,
    xVal: standardize(train, sFit, validationRows),
    gFit: gram(xFit),
    xTrain,
    xTest: standardize(test, sAll),
    gTrain: gram(xTrain),
    scaleTrain: sAll.scale,
  };
}

/**
 * Linear probes from one site's unit states (train and test rows) to any target. The Gram matrices
 * are computed once, so probing many targets (and sparse unit subsets) is cheap. The ridge strength is
 * chosen on a held-out part of train (`validationRows`); the final probe is refitted on all of train
 * and scored on test. A probe over every unit reads the site's state space, not its basis (features
 * centred and scaled by one factor shared by all units, see fitIsotropicScaler): a rotation of the
 * site leaves it unchanged. A probe over chosen units compares units with one another, so each unit is
 * standardised on its own; so is every probe when `basis` is 'features' (the raw inputs, whose
 * columns are the task's own features in their own scales).
 */
export class SiteProbe {
  readonly units: number;
  /** Every unit at once: isotropic scaling. */
  private readonly whole: ProbeSpace;
  /** Unit subsets: per-unit standardisation. */
  private readonly perUnit: ProbeSpace;
  /** Factorisations of the all-unit systems, by split and ridge strength. */
  private readonly factors = new Map<string, RidgeFactor>();

  constructor(
    train: Matrix,
    test: Matrix,
    private readonly fitRows: readonly number[],
    private readonly validationRows: readonly number[],
    basis: 'space' | 'features' = 'space',
  ) {
    this.units = train.cols;
    const wholeScaler = basis === 'space' ? fitIsotropicScaler : fitStandardizer;
    this.whole = probeSpace(train, test, fitRows, validationRows, wholeScaler);
    this.perUnit = probeSpace(train, test, fitRows, validationRows, fitStandardizer);
  }

  /** The full probe over every unit (or over `units`), with the ridge strength chosen on validation. */
  evaluate(target: ProbeTarget, units?: readonly number[]): ProbeResult {
    const space = units ? this.perUnit : this.whole;
    const yFit = encodeTarget(target, target.train, this.fitRows);
    const yVal = encodeTarget(target, target.train, this.validationRows);
    const xtyFit = crossProduct(space.xFit, yFit);
    let best: { lambda: number; mse: number; probe: LinearProbe } | undefined;
    for (const factor of LAMBDA_FACTORS) {
      const lambda = factor * this.fitRows.length;
      const probe = solveRidge(
        space.gFit,
        xtyFit,
        this.units,
        yFit.cols,
        lambda,
        columnMeans(yFit),
        units,
        units ? undefined : this.factor('fit', lambda),
      );
      const mse = meanSquaredError(predictProbe(probe, space.xVal), yVal);
      if (!best || mse < best.mse) best = { lambda, mse, probe };
    }
    const chosen = best!;
    const validation = probeScore(
      target,
      predictProbe(chosen.probe, space.xVal),
      target.train,
      this.validationRows,
    );
    return { validation, test: this.testScore(target, chosen.lambda, units), lambda: chosen.lambda };
  }

  /** Score on test of the probe refitted on all of train with the given strength and units. */
  testScore(target: ProbeTarget, lambda: number, units?: readonly number[]): number {
    const space = units ? this.perUnit : this.whole;
    const yTrain = encodeTarget(target, target.train);
    const probe = solveRidge(
      space.gTrain,
      crossProduct(space.xTrain, yTrain),
      this.units,
      yTrain.cols,
      lambda,
      columnMeans(yTrain),
      units,
      units ? undefined : this.factor('train', lambda),
    );
    return probeScore(target, predictProbe(probe, space.xTest), target.test);
  }

  /**
   * The direction in raw unit space that a binary or continuous target is read along: the weights of
   * the all-unit probe refitted on all of train, mapped back through its scaling.
   */
  direction(target: ProbeTarget, lambda: number): Float64Array {
    const { xTrain, gTrain, scaleTrain } = this.whole;
    const yTrain = encodeTarget(target, target.train);
    const probe = solveRidge(
      gTrain,
      crossProduct(xTrain, yTrain),
      this.units,
      yTrain.cols,
      lambda,
      columnMeans(yTrain),
      undefined,
      this.factor('train', lambda),
    );
    return Float64Array.from(
      { length: this.units },
      (_, j) => probe.weights[j * yTrain.cols]! * scaleTrain[j]!,
    );
  }

  /**
   * The units a latent needs: the shortest greedy prefix whose validation score reaches 90% of the
   * best prefix's (extra units that add nothing are not intervened on).
   */
  static neededUnits(sparse: SparseProbeResult): number[] {
    const finite = sparse.validationByStep.map((v) => (Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY));
    const best = Math.max(...finite);
    const k = finite.findIndex((v) => v >= 0.9 * best);
    return sparse.units.slice(0, k < 0 ? sparse.units.length : k + 1);
  }

  private factor(split: 'fit' | 'train', lambda: number): RidgeFactor {
    const key = `${split}:${lambda}`;
    let f = this.factors.get(key);
    if (!f) {
      const all = Array.from({ length: this.units }, (_, i) => i);
      f = factorRidge(split === 'fit' ? this.whole.gFit : this.whole.gTrain, this.units, lambda, all);
      this.factors.set(key, f);
    }
    return f;
  }

  /**
   * Greedy forward selection of up to k units: each step adds the unit that most lowers the
   * validation error of the ridge probe on the chosen units; test scores are of the refitted probe.
   */
  greedy(target: ProbeTarget, k: number, lambda: number): SparseProbeResult {
    const { xFit, xVal, gFit } = this.perUnit;
    const yFit = encodeTarget(target, target.train, this.fitRows);
    const yVal = encodeTarget(target, target.train, this.validationRows);
    const xtyFit = crossProduct(xFit, yFit);
    const intercept = columnMeans(yFit);
    const chosen: number[] = [];
    const testByStep: number[] = [];
    const validationByStep: number[] = [];
    for (let step = 0; step < Math.min(k, this.units); step++) {
      let best: { unit: number; mse: number; validation: number } | undefined;
      for (let u = 0; u < this.units; u++) {
        if (chosen.includes(u)) continue;
        const probe = solveRidge(gFit, xtyFit, this.units, yFit.cols, lambda, intercept, [...chosen, u]);
        const predicted = predictProbe(probe, xVal);
        const mse = meanSquaredError(predicted, yVal);
        if (!best || mse < best.mse)
          best = {
            unit: u,
            mse,
            validation: probeScore(target, predicted, target.train, this.validationRows),
          };
      }
      chosen.push(best!.unit);
      validationByStep.push(best!.validation);
      testByStep.push(this.testScore(target, lambda, chosen));
    }
    return { units: chosen, testByStep, validationByStep };
  }
}
