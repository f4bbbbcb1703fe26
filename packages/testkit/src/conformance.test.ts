import {
  type Capability,
  type Dataset,
  type FitOptions,
  type Intervention,
  type Matrix,
  matrix,
  type ParameterView,
  type SerializedSubstrate,
  type SubstrateFactory,
  type UnitGroup,
} from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { conformanceContext, runConformance } from './conformance.js';
import { describeSubstrate } from './describe-substrate.js';
import { ReferenceSubstrate, referenceFactory } from './reference-substrate.js';

// The kit on the reference substrate, exactly as a substrate package would call it.
describeSubstrate({ factory: referenceFactory, config: { hidden: 16 } });

/** A factory for a subclass of the reference substrate that breaks one rule. */
function fakeFactory(make: () => ReferenceSubstrate): SubstrateFactory {
  return {
    ...referenceFactory,
    create: make,
    async load(saved: SerializedSubstrate) {
      const restored = ReferenceSubstrate.restore(saved);
      const fake = make();
      Object.assign(fake, restored);
      return fake;
    },
  };
}

class Nondeterministic extends ReferenceSubstrate {
  private calls = 0;
  protected override async _predict(inputs: Matrix): Promise<Matrix> {
    const out = await super._predict(inputs);
    out.data[0]! += 0.01 * ++this.calls;
    return out;
  }
}

class AblationLeaks extends ReferenceSubstrate {
  protected override async _intervene(inputs: Matrix, ivs: readonly Intervention[]): Promise<Matrix> {
    const out = await super._intervene(inputs, ivs);
    out.data[0]! += 0.5;
    return out;
  }
}

class AblationIgnored extends ReferenceSubstrate {
  protected override async _intervene(inputs: Matrix): Promise<Matrix> {
    return super._predict(inputs);
  }
}

class EditIgnored extends ReferenceSubstrate {
  protected override _applyEdit(): void {}
}

class ZeroEditDrifts extends ReferenceSubstrate {
  protected override _applyEdit(name: string, delta: Float32Array): void {
    super._applyEdit(
      name,
      delta.map((d) => d + 0.1),
    );
  }
}

class SaveLosesBias extends ReferenceSubstrate {
  protected override _save(): unknown {
    const data = super._save() as Record<string, unknown>;
    return { ...data, b0: data.w1 };
  }
}

class CrashesOnBadInput extends ReferenceSubstrate {
  override async predict(inputs: Matrix): Promise<Matrix> {
    if (!this.fitted) return super.predict(inputs);
    if (inputs.cols !== this.inputWidth) throw new TypeError('cannot read properties of undefined');
    return this._predict(inputs);
  }
}

class ObservesWrongShape extends ReferenceSubstrate {
  protected override async _observe(inputs: Matrix, sites: readonly string[], options: object) {
    const obs = await super._observe(inputs, sites, options);
    const states = { ...obs.states };
    if (states.hidden) states.hidden = matrix(inputs.rows, 3);
    return { ...obs, states };
  }
}

class SilentlyEditsWithoutDeclaring extends ReferenceSubstrate {
  override readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'observe',
    'intervene',
    'parameters',
    'serialize',
  ]);
  override applyEdit(): void {}
}

class ViewNamesUnknownSite extends ReferenceSubstrate {
  protected override _parameters(): ParameterView[] {
    return super._parameters().map((v) => (v.name === 'W1' ? { ...v, to: 'nowhere' } : v));
  }
}

/** Declares 'intervene' (and 'observe') but lists no site, so every site rule would pass vacuously. */
class ListsNoSite extends ReferenceSubstrate {
  protected override _units(): UnitGroup[] {
    return [];
  }
}

/** Declares 'edit' but not 'parameters', the views an edit names. */
class EditsWithoutParameters extends ReferenceSubstrate {
  override readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'observe',
    'intervene',
    'edit',
    'serialize',
  ]);
}

/** Fits with the signal left out, so an abort goes unnoticed. */
class AbortIgnored extends ReferenceSubstrate {
  override fit(dataset: Dataset, options: FitOptions) {
    return super.fit(dataset, { ...options, signal: undefined });
  }
}

/** Replaces its network first and only then reports progress and honours the abort. */
class AbortAfterCommit extends ReferenceSubstrate {
  protected override async _fit(dataset: Dataset, options: FitOptions) {
    const report = await super._fit(dataset, { seed: options.seed });
    options.onProgress?.({ fraction: 1 });
    options.signal?.throwIfAborted();
    return report;
  }
}

/** Clamps to values shifted by 0.25, so a clamp is not in the units `observe` returns. */
class ClampShifted extends ReferenceSubstrate {
  protected override _intervene(inputs: Matrix, ivs: readonly Intervention[]) {
    const shifted = ivs.map((iv) =>
      iv.kind === 'clamp' ? { ...iv, values: iv.values.map((v) => v + 0.25) } : iv,
    );
    return super._intervene(inputs, shifted);
  }
}

/** Reads a clamp with one row of values per example as its first row, shared by every example. */
class PerRowFirstOnly extends ReferenceSubstrate {
  protected override _intervene(inputs: Matrix, ivs: readonly Intervention[]) {
    const firstRow = ivs.map((iv) =>
      iv.kind === 'clamp' ? { ...iv, values: iv.values.slice(0, iv.units.length) } : iv,
    );
    return super._intervene(inputs, firstRow);
  }
}

/**
 * Mean ablation that recomputes each column's mean after the rows above were overwritten: column
 * [0, 3, 6] becomes [3, 4, 4.33] instead of [3, 3, 3] (a bug the reference substrate once had).
 */
class MeanAfterOverwrite extends ReferenceSubstrate {
  protected override async _intervene(inputs: Matrix, ivs: readonly Intervention[]) {
    const rewritten: Intervention[] = [];
    for (const iv of ivs) {
      if (iv.kind !== 'ablate' || iv.value !== 'mean') {
        rewritten.push(iv);
        continue;
      }
      const states = (await this.observe(inputs, { sites: [iv.site] })).states[iv.site]!;
      const { rows, cols, data } = states;
      const values = new Float32Array(rows * iv.units.length);
      for (let r = 0; r < rows; r++)
        iv.units.forEach((u, k) => {
          let sum = 0;
          for (let q = 0; q < rows; q++) sum += data[q * cols + u]!;
          data[r * cols + u] = values[r * iv.units.length + k] = sum / rows;
        });
      rewritten.push({ kind: 'clamp', site: iv.site, units: iv.units, values });
    }
    return super._intervene(inputs, rewritten);
  }
}

/** Behaves until it is saved and loaded; the loaded copy ignores every intervention. */
class ForgetsInterventionsWhenLoaded extends ReferenceSubstrate {
  loadedFromSave = false;
  protected override async _intervene(inputs: Matrix, ivs: readonly Intervention[]) {
    return this.loadedFromSave ? this._predict(inputs) : super._intervene(inputs, ivs);
  }
}

/** Declares itself stochastic without saying at which window it reads. */
class StochasticWithoutWindow extends ReferenceSubstrate {
  override readonly info = { ...new ReferenceSubstrate().info, stochastic: { windowMs: Number.NaN } };
}

/** Declares itself stochastic; the reference is deterministic, so every class agrees at any window. */
class DeclaresStochastic extends ReferenceSubstrate {
  override readonly info = { ...new ReferenceSubstrate().info, stochastic: { windowMs: 100 } };
}

/** Stochastic, and clamps to the negated values: classes flip, so agreement falls far below 98%. */
class StochasticClampNegated extends DeclaresStochastic {
  protected override _intervene(inputs: Matrix, ivs: readonly Intervention[]) {
    const negated = ivs.map((iv) => (iv.kind === 'clamp' ? { ...iv, values: iv.values.map((v) => -v) } : iv));
    return super._intervene(inputs, negated);
  }
}

const broken: ReadonlyArray<[string, string, () => ReferenceSubstrate]> = [
  ['observe-shapes', 'units() lists no site', () => new ListsNoSite(16)],
  ['ablate-nothing', 'units() lists no site', () => new ListsNoSite(16)],
  ['ablate-all', 'units() lists no site', () => new ListsNoSite(16)],
  ['intervene-errors', 'units() lists no site', () => new ListsNoSite(16)],
  ['info', "declares 'edit' without 'parameters'", () => new EditsWithoutParameters(16)],
  ['determinism', 'outputs differ', () => new Nondeterministic(16)],
  ['ablate-nothing', 'ablate no units', () => new AblationLeaks(16)],
  ['ablate-all', 'did not change', () => new AblationIgnored(16)],
  ['edit-rank-one', 'differs from before + u vᵀ', () => new EditIgnored(16)],
  ['edit-zero', 'zero edit', () => new ZeroEditDrifts(16)],
  ['save-load', 'after save/load', () => new SaveLosesBias(16)],
  ['bad-input', 'expected ScrutableError BAD_INPUT, got TypeError', () => new CrashesOnBadInput(16)],
  ['observe-shapes', "site 'hidden': expected", () => new ObservesWrongShape(16)],
  ['unsupported', "calling 'edit' without declaring it", () => new SilentlyEditsWithoutDeclaring(16)],
  [
    'refit-abort',
    'aborted before it starts: expected an AbortError, but it resolved',
    () => new AbortIgnored(16),
  ],
  [
    'refit-abort',
    'predictions after a re-fit aborted at its first progress report',
    () => new AbortAfterCommit(16),
  ],
  ['parameter-views', "maps to unknown site 'nowhere'", () => new ViewNamesUnknownSite(16)],
  ['info', 'info.stochastic.windowMs must be a positive number', () => new StochasticWithoutWindow(16)],
  ['identity-clamp', 'predicted classes agree on', () => new StochasticClampNegated(16)],
  ['identity-clamp', "clamping 'hidden.pre' to its own states: outputs differ", () => new ClampShifted(16)],
  ['per-row-clamp', "clamping 'hidden.pre' row by row", () => new PerRowFirstOnly(16)],
  ['mean-ablation', "mean-ablating 'hidden.pre' versus clamping", () => new MeanAfterOverwrite(16)],
];

describe('the conformance kit catches broken substrates', () => {
  it('passes every rule on the reference substrate', async () => {
    const outcomes = await runConformance({ factory: referenceFactory, config: { hidden: 16 } });
    expect(outcomes.filter((o) => o.status !== 'passed')).toEqual([]);
  });

  it('reads a substrate declaring info.stochastic by predicted class, and passes an exact one so', async () => {
    const outcomes = await runConformance({ factory: fakeFactory(() => new DeclaresStochastic(16)) });
    expect(outcomes.filter((o) => o.status !== 'passed')).toEqual([]);
  });

  for (const [rule, message, make] of broken) {
    it(`fails '${rule}' for ${make().constructor.name}, naming the rule`, async () => {
      const outcomes = await runConformance({ factory: fakeFactory(make) });
      const failed = outcomes.filter((o) => o.status === 'failed');
      const violation = failed.find((o) => o.rule === rule);
      expect(violation, `expected rule '${rule}' to fail; failures: ${JSON.stringify(failed)}`).toBeDefined();
      expect(violation!.detail).toContain(`[${rule}]`);
      expect(violation!.detail).toContain(message);
    });
  }

  it("fails 'reloaded' for a substrate that behaves until it is loaded, naming the rule it breaks", async () => {
    const factory: SubstrateFactory = {
      ...fakeFactory(() => new ForgetsInterventionsWhenLoaded(16)),
      async load(saved: SerializedSubstrate) {
        const fake = new ForgetsInterventionsWhenLoaded(16);
        Object.assign(fake, ReferenceSubstrate.restore(saved), { loadedFromSave: true });
        return fake;
      },
    };
    const outcomes = await runConformance({ factory });
    const failed = outcomes.filter((o) => o.status === 'failed');
    expect(failed.map((o) => o.rule)).toEqual(['reloaded']);
    expect(failed[0]!.detail).toContain('[reloaded] after a save/load round trip: [ablate-all]');
  });

  it('asks for the source of a derived factory instead of failing every rule', () => {
    const derived: SubstrateFactory = { ...referenceFactory, derivedFrom: 'dense' };
    expect(() => conformanceContext({ factory: derived })).toThrow(
      "'reference' is derived from 'dense': pass that substrate's factory as `source`",
    );
  });

  it('skips rules whose capability is not declared, saying which', async () => {
    const outcomes = await runConformance({
      factory: fakeFactory(() => new SilentlyEditsWithoutDeclaring(16)),
    });
    const skipped = outcomes.find((o) => o.rule === 'edit-zero');
    expect(skipped).toMatchObject({ status: 'skipped', detail: 'not declared: edit' });
  });
});
