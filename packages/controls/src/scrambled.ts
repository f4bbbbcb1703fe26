import {
  applyInterventions,
  type Dataset,
  type FitOptions,
  type FitReport,
  hashSeed,
  type Intervention,
  interventionsAt,
  type Matrix,
  matrix,
  type Observation,
  type ObserveOptions,
  type ParameterView,
  type RunOptions,
  ScrutableError,
  type SerializedSubstrate,
  type SubstrateFactory,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import { DelegatingSubstrate } from './delegating-substrate.js';
import { DEFAULT_SOURCE, requireSource } from './derived-source.js';
import { multiply, randomOrthogonal, transpose } from './orthogonal.js';

/** The layer a site belongs to: its name without a `.pre` / `.post` suffix. */
export function layerOf(site: string): string {
  return site.replace(/\.(pre|post)$/, '');
}

/**
 * A trained network whose hidden basis is turned by a seeded random orthogonal matrix Q per hidden
 * layer: the same function and accuracy, but every exposed hidden unit is a mixture of the inner
 * units. A hidden layer is one whose sites feed a parameter view (`from`); its sites (`h.pre` and
 * `h.post` alike) are exposed as Q·h; the other sites (inputs, outputs) are left as they are.
 * - observe: Q·h for rotated sites.
 * - intervene: an add of v becomes an add of Qᵀv (exact in any combination); ablate or clamp is done
 *   on the rotated states, which are mapped back through Qᵀ and clamped on every inner unit of the
 *   site, per example. That needs the site's states before the call, so ablate or clamp at a rotated
 *   site cannot be combined with interventions at another rotated site (UNSUPPORTED).
 * - parameters: W' = Q_to · W · Q_fromᵀ (Q = I for an unrotated side); an edit Δ' becomes
 *   Q_toᵀ · Δ' · Q_from on the inner parameter, so W' + Δ' is exactly what the inner net computes.
 */
export class ScrambledSubstrate extends DelegatingSubstrate {
  readonly info: SubstrateInfo = {
    id: 'scrambled',
    family: 'control',
    synchronous: this.inner.info.synchronous,
    description: `Scrambled control: a trained ${this.inner.info.id} net with each hidden layer's basis turned by a random orthogonal matrix.`,
    ...(this.inner.info.backend ? { backend: this.inner.info.backend } : {}),
  };
  protected rotationSeed = 0;
  /** Site -> its rotation, for rotated sites. */
  protected rotations = new Map<string, Matrix>();

  protected override async _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    const report = await this.inner.fit(dataset, options);
    this.rotationSeed = hashSeed(options.seed, 'scrambled-rotation');
    this.buildRotations();
    return report;
  }

  /** Draws one rotation per hidden layer, shared by the layer's sites of the same size. */
  protected buildRotations(): void {
    const groups = this.inner.units();
    const feeding = new Set(
      this.inner
        .parameters()
        .map((v) => v.from)
        .filter((s): s is string => s !== undefined)
        .map(layerOf),
    );
    const byLayer = new Map<string, Matrix>();
    this.rotations.clear();
    for (const g of groups) {
      const layer = layerOf(g.site);
      if (!feeding.has(layer)) continue;
      const key = `${layer}/${g.size}`;
      let q = byLayer.get(key);
      if (!q) {
        q = randomOrthogonal(g.size, hashSeed(this.rotationSeed, key));
        byLayer.set(key, q);
      }
      this.rotations.set(g.site, q);
    }
  }

  protected override _units(): UnitGroup[] {
    return this.inner
      .units()
      .map((g) =>
        this.rotations.has(g.site) ? { site: g.site, size: g.size, state: `rotated ${g.state}` } : g,
      );
  }

  protected override async _observe(
    inputs: Matrix,
    sites: readonly string[],
    options: ObserveOptions,
  ): Promise<Observation> {
    const obs = await this.inner.observe(inputs, { ...options, sites });
    const states: Record<string, Matrix> = {};
    for (const [site, m] of Object.entries(obs.states)) states[site] = this.rotate(site, m);
    return { ...obs, states };
  }

  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
    options: RunOptions,
  ): Promise<Matrix> {
    const rotatedSites = new Set(
      interventions.filter((iv) => this.rotations.has(iv.site)).map((iv) => iv.site),
    );
    const setting = [...rotatedSites].filter((site) =>
      interventions.some((iv) => iv.site === site && iv.kind !== 'add'),
    );
    if (setting.length > 0 && rotatedSites.size > 1)
      throw new ScrutableError(
        'UNSUPPORTED',
        `scrambled: ablate or clamp at rotated site '${setting[0]}' cannot be combined with interventions at other rotated sites (${[...rotatedSites].join(', ')})`,
      );
    const inner: Intervention[] = [];
    for (const iv of interventions) {
      const q = this.rotations.get(iv.site);
      if (!q) inner.push(iv);
      else if (iv.kind === 'add') {
        const scaled = matrix(
          1,
          iv.vector.length,
          iv.vector.map((x) => x * (iv.scale ?? 1)),
        );
        inner.push({ kind: 'add', site: iv.site, vector: multiply(scaled, q).data });
      }
    }
    for (const site of setting) {
      const q = this.rotations.get(site)!;
      const observed = await this.inner.observe(inputs, { ...options, sites: [site] });
      const rotated = this.rotate(site, observed.states[site]!);
      applyInterventions(rotated, interventionsAt(site, interventions));
      const units = Array.from({ length: q.rows }, (_, i) => i);
      inner.push({ kind: 'clamp', site, units, values: multiply(rotated, q).data });
    }
    return this.inner.intervene(inputs, inner, options);
  }

  protected override _parameters(): ParameterView[] {
    return this.inner.parameters().map((v) => {
      const to = this.rotations.get(v.to);
      const from = v.from === undefined ? undefined : this.rotations.get(v.from);
      if (!to && !from) return v;
      return {
        name: v.name,
        to: v.to,
        ...(v.from !== undefined ? { from: v.from } : {}),
        rows: v.rows,
        cols: v.cols,
        read: () => this.conjugate(matrix(v.rows, v.cols, v.read()), to, from, false).data,
      };
    });
  }

  protected override _applyEdit(name: string, delta: Float32Array): void {
    const view = this.inner.parameters().find((v) => v.name === name)!;
    const to = this.rotations.get(view.to);
    const from = view.from === undefined ? undefined : this.rotations.get(view.from);
    const inner = this.conjugate(matrix(view.rows, view.cols, delta), to, from, true);
    this.inner.applyEdit({ name, delta: inner.data });
  }

  protected override _save(): unknown {
    return { inner: this.inner.save(), rotationSeed: this.rotationSeed };
  }

  /** Restores a saved scrambled control through the inner substrate's factory. */
  static async load(saved: SerializedSubstrate, innerFactory: SubstrateFactory): Promise<ScrambledSubstrate> {
    const data = saved?.data as { inner?: SerializedSubstrate; rotationSeed?: number } | undefined;
    if (
      saved?.substrate !== 'scrambled' ||
      !data?.inner ||
      typeof data.inner !== 'object' ||
      !Number.isInteger(data.rotationSeed)
    )
      throw new ScrutableError('BAD_STATE', 'not a saved scrambled control');
    const loaded = await innerFactory.load(data.inner);
    const s = new ScrambledSubstrate(innerFactory, undefined, loaded);
    s.rotationSeed = data.rotationSeed!;
    s.buildRotations();
    s.markLoaded(loaded.heads, loaded.inputWidth);
    return s;
  }

  /** Rows of `states` as seen in the rotated basis (Z = H·Qᵀ), or as they are for an unrotated site. */
  protected rotate(site: string, states: Matrix): Matrix {
    const q = this.rotations.get(site);
    return q ? multiply(states, transpose(q)) : states;
  }

  /** Q_to·W·Q_fromᵀ, or with `back` the inverse map Q_toᵀ·W·Q_from; a missing Q is the identity. */
  protected conjugate(w: Matrix, to: Matrix | undefined, from: Matrix | undefined, back: boolean): Matrix {
    let out = w;
    if (to) out = multiply(back ? transpose(to) : to, out);
    if (from) out = multiply(out, back ? from : transpose(from));
    return out;
  }
}

/**
 * Creates and loads scrambled controls of the source substrate the caller passes (by default the
 * registry's `dense`); `config` goes to the source.
 */
export const scrambledFactory: SubstrateFactory = {
  id: 'scrambled',
  family: 'control',
  synchronous: true,
  derivedFrom: DEFAULT_SOURCE,
  learning: "the source's learning rule, then each hidden basis turned at random (control)",
  description:
    "Scrambled control: a trained net (the source substrate) with each hidden layer's basis turned by a random orthogonal matrix.",
  create: (options) => new ScrambledSubstrate(requireSource('scrambled', options?.source), options?.config),
  load: (saved, options) => ScrambledSubstrate.load(saved, requireSource('scrambled', options?.source)),
};
