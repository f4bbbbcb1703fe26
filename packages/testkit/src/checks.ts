import {
  ALL_CAPABILITIES,
  type Capability,
  type Dataset,
  type ErrorCode,
  type FitOptions,
  isScrutableError,
  type Matrix,
  matrix,
  maxAbsDiff,
  outputWidth,
  Rng,
  type RunOptions,
  type Substrate,
  type SubstrateFactory,
  type UnitGroup,
} from '@scrutable/core';

/** What a conformance run needs. */
export interface ConformanceOptions {
  /** The substrate's factory (the package's default export). */
  readonly factory: SubstrateFactory;
  /** Passed to factory.create; use small sizes. */
  readonly config?: unknown;
  /** Defaults to conformanceDataset(). */
  readonly dataset?: Dataset;
  /** Fit options besides the seed (e.g. a small budget). */
  readonly fit?: Partial<FitOptions>;
  /** Options for every forward call, so stochastic substrates read reproducibly. */
  readonly run?: RunOptions;
  /** Absolute tolerance for "identical" (default 1e-6). */
  readonly tolerance?: number;
}

/** A broken rule: `rule` is the check's id, stable for tools and tests. */
export class ConformanceViolation extends Error {
  override readonly name = 'ConformanceViolation';
  constructor(
    readonly rule: string,
    detail: string,
  ) {
    super(`[${rule}] ${detail}`);
  }
}

/** Everything a check can use: a fitted substrate, the data, and helpers. */
export interface CheckContext {
  readonly options: ConformanceOptions;
  readonly dataset: Dataset;
  readonly inputs: Matrix;
  readonly run: RunOptions;
  readonly tolerance: number;
  /** The substrate fitted once and shared by checks that leave it unchanged. */
  fitted(): Promise<Substrate>;
  /** A newly created and fitted substrate (same seed), for checks that change it. */
  fresh(): Promise<Substrate>;
}

/** One rule of the conformance suite. */
export interface Check {
  readonly id: string;
  readonly title: string;
  /** Capabilities the substrate must declare for the check to apply. */
  readonly needs: readonly Capability[];
  /** Throws ConformanceViolation when the rule is broken. */
  run(ctx: CheckContext): Promise<void>;
}

function fail(rule: string, detail: string): never {
  throw new ConformanceViolation(rule, detail);
}

function same(rule: string, what: string, a: Matrix, b: Matrix, tolerance: number): void {
  const d = maxAbsDiff(a, b);
  if (!(d <= tolerance)) fail(rule, `${what}: outputs differ by ${d} (tolerance ${tolerance})`);
}

function differs(rule: string, what: string, a: Matrix, b: Matrix, tolerance: number): void {
  const d = maxAbsDiff(a, b);
  if (!(d > tolerance)) fail(rule, `${what}: outputs did not change (max difference ${d})`);
}

async function expectCode(rule: string, what: string, code: ErrorCode, action: () => unknown): Promise<void> {
  try {
    await action();
  } catch (e) {
    if (isScrutableError(e, code)) return;
    const got = isScrutableError(e)
      ? `ScrutableError ${e.code}`
      : `${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? e}`;
    fail(rule, `${what}: expected ScrutableError ${code}, got ${got}`);
  }
  fail(rule, `${what}: expected ScrutableError ${code}, but nothing was thrown`);
}

function describeOutcome(outcome: unknown): string {
  if (typeof outcome === 'string') return outcome;
  return `it threw ${(outcome as Error)?.name ?? typeof outcome}: ${(outcome as Error)?.message ?? outcome}`;
}

/** The substrate's sites; a rule about sites fails when there are none rather than passing vacuously. */
function sitesOf(rule: string, s: Substrate): [UnitGroup, ...UnitGroup[]] {
  const groups = s.units();
  const [first, ...rest] = groups;
  if (!first) fail(rule, 'units() lists no site');
  return [first, ...rest];
}

function randomVector(rng: Rng, n: number, norm: number): Float32Array {
  const v = Float32Array.from({ length: n }, () => rng.normal());
  const scale = norm / Math.max(1e-12, Math.hypot(...v));
  return v.map((x) => x * scale);
}

function frobenius(values: Float32Array): number {
  let s = 0;
  for (const v of values) s += v * v;
  return Math.sqrt(s);
}

/** The rules, in the order they run. */
export const CHECKS: readonly Check[] = [
  {
    id: 'info',
    title: 'declares its identity and only known capabilities',
    needs: [],
    async run({ options }) {
      const s = options.factory.create({ config: options.config });
      for (const key of ['id', 'family', 'description'] as const) {
        if (typeof s.info[key] !== 'string' || s.info[key].length === 0)
          fail('info', `info.${key} must be a non-empty string`);
      }
      if (typeof s.info.synchronous !== 'boolean') fail('info', 'info.synchronous must be a boolean');
      if (s.info.id !== options.factory.id)
        fail('info', `info.id '${s.info.id}' differs from factory.id '${options.factory.id}'`);
      for (const c of s.capabilities)
        if (!ALL_CAPABILITIES.includes(c)) fail('info', `unknown capability '${c}'`);
      if (s.capabilities.has('edit') && !s.capabilities.has('parameters'))
        fail('info', "declares 'edit' without 'parameters' (an edit names a parameter view)");
      s.dispose();
    },
  },
  {
    id: 'not-fitted',
    title: 'refuses to predict before fit with NOT_FITTED',
    needs: [],
    async run({ options, inputs, run }) {
      const s = options.factory.create({ config: options.config });
      await expectCode('not-fitted', 'predict before fit', 'NOT_FITTED', () => s.predict(inputs, run));
      s.dispose();
    },
  },
  {
    id: 'predict-shape',
    title: 'predicts one finite row per example, one column per output',
    needs: [],
    async run(ctx) {
      const s = await ctx.fitted();
      const out = await s.predict(ctx.inputs, ctx.run);
      const width = outputWidth(ctx.dataset.heads);
      if (out.rows !== ctx.inputs.rows || out.cols !== width || out.data.length !== out.rows * out.cols) {
        fail(
          'predict-shape',
          `expected ${ctx.inputs.rows}x${width}, got ${out.rows}x${out.cols} (${out.data.length} values)`,
        );
      }
      if (!out.data.every(Number.isFinite))
        fail('predict-shape', 'predictions contain NaN or infinite values');
    },
  },
  {
    id: 'determinism',
    title: 'the same seed gives identical predictions',
    needs: [],
    async run(ctx) {
      const a = await ctx.fitted();
      const b = await ctx.fresh();
      same(
        'determinism',
        'two substrates fitted with the same seed',
        await a.predict(ctx.inputs, ctx.run),
        await b.predict(ctx.inputs, ctx.run),
        ctx.tolerance,
      );
      same(
        'determinism',
        'the same substrate predicting twice',
        await a.predict(ctx.inputs, ctx.run),
        await a.predict(ctx.inputs, ctx.run),
        ctx.tolerance,
      );
    },
  },
  {
    id: 'bad-input',
    title: 'bad input throws the typed error, not a crash inside a library',
    needs: [],
    async run(ctx) {
      const s = await ctx.fitted();
      const w = ctx.inputs.cols;
      await expectCode('bad-input', 'input of the wrong width', 'BAD_INPUT', () =>
        s.predict(matrix(2, w + 1), ctx.run),
      );
      const nan = matrix(2, w);
      nan.data[1] = Number.NaN;
      await expectCode('bad-input', 'input containing NaN', 'BAD_INPUT', () => s.predict(nan, ctx.run));
      await expectCode('bad-input', 'a fit seed that is not an integer', 'BAD_INPUT', () =>
        ctx.options.factory.create({ config: ctx.options.config }).fit(ctx.dataset, { seed: 0.5 }),
      );
    },
  },
  {
    id: 'observe-shapes',
    title: 'observations cover every site with [examples x units] states and a reading cost',
    needs: ['observe'],
    async run(ctx) {
      const s = await ctx.fitted();
      const groups = sitesOf('observe-shapes', s);
      const obs = await s.observe(ctx.inputs, ctx.run);
      for (const g of groups) {
        const m = obs.states[g.site];
        if (!m) fail('observe-shapes', `site '${g.site}' missing from the observation`);
        if (m.rows !== ctx.inputs.rows || m.cols !== g.size || m.data.length !== m.rows * m.cols) {
          fail(
            'observe-shapes',
            `site '${g.site}': expected ${ctx.inputs.rows}x${g.size}, got ${m.rows}x${m.cols}`,
          );
        }
        if (!m.data.every(Number.isFinite))
          fail('observe-shapes', `site '${g.site}' has NaN or infinite states`);
        if (g.labels && g.labels.length !== g.size)
          fail('observe-shapes', `site '${g.site}' has ${g.labels.length} labels for ${g.size} units`);
      }
      for (const key of ['forwardPasses', 'simulatedMs', 'synapticEvents', 'wallMs'] as const) {
        const v = obs.cost?.[key];
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
          fail('observe-shapes', `cost.${key} must be a finite number >= 0, got ${v}`);
      }
      if (obs.cost.forwardPasses === 0 && obs.cost.simulatedMs === 0)
        fail('observe-shapes', 'cost reports neither forward passes nor simulated time');
      const one = await s.observe(ctx.inputs, { ...ctx.run, sites: [groups[0].site] });
      if (Object.keys(one.states).join() !== groups[0].site)
        fail(
          'observe-shapes',
          `asking for site '${groups[0].site}' returned ${Object.keys(one.states).join(', ')}`,
        );
      await expectCode('observe-shapes', 'observing an unknown site', 'UNKNOWN_SITE', () =>
        s.observe(ctx.inputs, { ...ctx.run, sites: ['no-such-site'] }),
      );
    },
  },
  {
    id: 'ablate-nothing',
    title: 'ablating no units and adding a zero vector change nothing',
    needs: ['intervene'],
    async run(ctx) {
      const s = await ctx.fitted();
      const base = await s.predict(ctx.inputs, ctx.run);
      for (const g of sitesOf('ablate-nothing', s)) {
        same(
          'ablate-nothing',
          `ablate no units at '${g.site}'`,
          base,
          await s.intervene(ctx.inputs, { kind: 'ablate', site: g.site, units: [] }, ctx.run),
          ctx.tolerance,
        );
        same(
          'ablate-nothing',
          `add a zero vector at '${g.site}'`,
          base,
          await s.intervene(
            ctx.inputs,
            { kind: 'add', site: g.site, vector: new Float32Array(g.size) },
            ctx.run,
          ),
          ctx.tolerance,
        );
      }
    },
  },
  {
    id: 'ablate-all',
    title: 'ablating every unit of a site changes the outputs',
    needs: ['intervene'],
    async run(ctx) {
      const s = await ctx.fitted();
      const base = await s.predict(ctx.inputs, ctx.run);
      for (const g of sitesOf('ablate-all', s)) {
        const all = Array.from({ length: g.size }, (_, i) => i);
        differs(
          'ablate-all',
          `ablating all ${g.size} units at '${g.site}'`,
          base,
          await s.intervene(ctx.inputs, { kind: 'ablate', site: g.site, units: all }, ctx.run),
          ctx.tolerance,
        );
      }
    },
  },
  {
    id: 'intervene-errors',
    title: 'unknown sites and units throw the typed errors',
    needs: ['intervene'],
    async run(ctx) {
      const s = await ctx.fitted();
      const [g] = sitesOf('intervene-errors', s);
      await expectCode('intervene-errors', 'ablating at an unknown site', 'UNKNOWN_SITE', () =>
        s.intervene(ctx.inputs, { kind: 'ablate', site: 'no-such-site', units: [0] }, ctx.run),
      );
      await expectCode('intervene-errors', `ablating unit ${g.size} at '${g.site}'`, 'UNKNOWN_UNIT', () =>
        s.intervene(ctx.inputs, { kind: 'ablate', site: g.site, units: [g.size] }, ctx.run),
      );
      await expectCode('intervene-errors', 'adding a vector of the wrong length', 'BAD_INPUT', () =>
        s.intervene(ctx.inputs, { kind: 'add', site: g.site, vector: new Float32Array(g.size + 1) }, ctx.run),
      );
    },
  },
  {
    id: 'parameter-views',
    title: 'parameter views have consistent shapes and name real sites',
    needs: ['parameters'],
    async run(ctx) {
      const s = await ctx.fitted();
      const views = s.parameters();
      if (views.length === 0) fail('parameter-views', 'parameters() lists no view');
      const sites = new Set(s.units().map((g) => g.site));
      const names = new Set<string>();
      for (const v of views) {
        if (names.has(v.name)) fail('parameter-views', `duplicate view name '${v.name}'`);
        names.add(v.name);
        const values = v.read();
        if (values.length !== v.rows * v.cols)
          fail('parameter-views', `'${v.name}' reads ${values.length} values for shape ${v.rows}x${v.cols}`);
        if (!sites.has(v.to) && v.to !== 'output')
          fail('parameter-views', `'${v.name}' maps to unknown site '${v.to}'`);
        if (v.from !== undefined && !sites.has(v.from) && v.from !== 'input')
          fail('parameter-views', `'${v.name}' maps from unknown site '${v.from}'`);
        values.fill(12345);
        if (values.length > 0 && v.read().every((x) => x === 12345))
          fail('parameter-views', `'${v.name}'.read() must return a copy`);
      }
    },
  },
  {
    id: 'edit-zero',
    title: 'a zero edit of any view changes nothing',
    needs: ['parameters', 'edit'],
    async run(ctx) {
      const s = await ctx.fresh();
      const base = await s.predict(ctx.inputs, ctx.run);
      for (const v of s.parameters()) {
        const before = v.read();
        s.applyEdit({ name: v.name, delta: new Float32Array(v.rows * v.cols) });
        same(
          'edit-zero',
          `zero edit of '${v.name}'`,
          base,
          await s.predict(ctx.inputs, ctx.run),
          ctx.tolerance,
        );
        if (maxAbsDiff(matrix(1, before.length, before), matrix(1, before.length, v.read())) > 0)
          fail('edit-zero', `zero edit of '${v.name}' changed its values`);
      }
    },
  },
  {
    id: 'edit-rank-one',
    title: 'a random rank-one edit of a matrix view is written back and changes the outputs',
    needs: ['parameters', 'edit'],
    async run(ctx) {
      const s = await ctx.fresh();
      const base = await s.predict(ctx.inputs, ctx.run);
      const rng = new Rng(99);
      const matrices = s.parameters().filter((v) => v.from !== undefined);
      if (matrices.length === 0) fail('edit-rank-one', 'no matrix view (with a from-site) to edit');
      for (const v of matrices) {
        const before = v.read();
        const size = Math.max(1, frobenius(before));
        const u = randomVector(rng, v.rows, Math.sqrt(size));
        const w = randomVector(rng, v.cols, Math.sqrt(size));
        s.applyEdit({ name: v.name, u, v: w });
        const after = v.read();
        let worst = 0;
        for (let i = 0; i < v.rows; i++)
          for (let j = 0; j < v.cols; j++)
            worst = Math.max(
              worst,
              Math.abs(after[i * v.cols + j]! - before[i * v.cols + j]! - u[i]! * w[j]!),
            );
        if (!(worst <= 1e-4 * Math.max(1, size)))
          fail('edit-rank-one', `'${v.name}' after a rank-one edit differs from before + u vᵀ by ${worst}`);
        differs(
          'edit-rank-one',
          `random rank-one edit of '${v.name}'`,
          base,
          await s.predict(ctx.inputs, ctx.run),
          ctx.tolerance,
        );
        s.applyEdit({ name: v.name, u: u.map((x) => -x), v: w });
      }
      await expectCode('edit-rank-one', 'editing an unknown parameter', 'UNKNOWN_PARAMETER', () =>
        s.applyEdit({ name: 'no-such-parameter', delta: new Float32Array(1) }),
      );
    },
  },
  {
    id: 'refit-abort',
    title: 'an aborted re-fit rejects with AbortError and changes nothing',
    needs: [],
    async run(ctx) {
      const s = await ctx.fresh();
      const before = await s.predict(ctx.inputs, ctx.run);
      const saved = s.capabilities.has('serialize') ? JSON.stringify(s.save()) : undefined;
      const views = s.capabilities.has('parameters') ? s.parameters() : [];
      const weights = views.map((v) => v.read());
      // Aborted before it starts, then (when the fit reports progress) at its first report.
      for (const when of ['before it starts', 'at its first progress report'] as const) {
        const controller = new AbortController();
        if (when === 'before it starts') controller.abort();
        let reports = 0;
        let outcome: unknown = 'it resolved';
        try {
          await s.fit(ctx.dataset, {
            ...ctx.options.fit,
            seed: (ctx.options.fit?.seed ?? 1) + 1,
            signal: controller.signal,
            onProgress: () => {
              reports++;
              controller.abort();
            },
          });
        } catch (e) {
          outcome = e;
        }
        if (when !== 'before it starts' && reports === 0) continue;
        const what = `a re-fit aborted ${when}`;
        if (!(outcome instanceof Error && outcome.name === 'AbortError'))
          fail('refit-abort', `${what}: expected an AbortError, but ${describeOutcome(outcome)}`);
        if (!s.fitted) fail('refit-abort', `${what} left the substrate not fitted`);
        same(
          'refit-abort',
          `predictions after ${what}`,
          before,
          await s.predict(ctx.inputs, ctx.run),
          ctx.tolerance,
        );
        if (saved !== undefined && JSON.stringify(s.save()) !== saved)
          fail('refit-abort', `${what} changed save()`);
        views.forEach((v, i) => {
          if (v.read().some((x, k) => x !== weights[i]![k]))
            fail('refit-abort', `${what} changed parameter view '${v.name}'`);
        });
      }
    },
  },
  {
    id: 'save-load',
    title: 'save then load (through JSON) gives identical predictions and observations',
    needs: ['serialize'],
    async run(ctx) {
      const s = await ctx.fitted();
      const saved = JSON.parse(JSON.stringify(s.save()));
      const loaded = await ctx.options.factory.load(saved);
      same(
        'save-load',
        'predictions after save/load',
        await s.predict(ctx.inputs, ctx.run),
        await loaded.predict(ctx.inputs, ctx.run),
        ctx.tolerance,
      );
      if (s.capabilities.has('observe')) {
        const [a, b] = [await s.observe(ctx.inputs, ctx.run), await loaded.observe(ctx.inputs, ctx.run)];
        for (const [site, m] of Object.entries(a.states)) {
          const other = b.states[site];
          if (!other) fail('save-load', `site '${site}' missing after load`);
          same('save-load', `observation of '${site}' after save/load`, m, other, ctx.tolerance);
        }
      }
      await expectCode('save-load', 'loading garbage', 'BAD_STATE', () =>
        ctx.options.factory.load({
          substrate: ctx.options.factory.id,
          formatVersion: 1,
          data: { garbage: true },
        }),
      );
      loaded.dispose();
    },
  },
  {
    id: 'unsupported',
    title: 'capabilities not declared throw UNSUPPORTED',
    needs: [],
    async run(ctx) {
      const s = await ctx.fitted();
      const calls: Record<Capability, () => unknown> = {
        observe: () => s.observe(ctx.inputs, ctx.run),
        intervene: () => s.intervene(ctx.inputs, [], ctx.run),
        parameters: () => s.parameters(),
        edit: () => s.applyEdit({ name: 'x', delta: new Float32Array(1) }),
        serialize: () => s.save(),
      };
      for (const c of ALL_CAPABILITIES) {
        if (!s.capabilities.has(c))
          await expectCode('unsupported', `calling '${c}' without declaring it`, 'UNSUPPORTED', calls[c]);
      }
    },
  },
];
