import {
  BaseSubstrate,
  type Capability,
  type FitReport,
  type Intervention,
  type Matrix,
  matrix,
  type Observation,
  type ParameterView,
  row,
  type SubstrateInfo,
  type UnitGroup,
} from '@scrutable/core';
import { generateTask, type TaskInstance } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';
import { analyzeCell } from '../analyze.js';
import { chooseEditView, type EditRecord, NEIGHBOURS_PER_EDIT } from './edit.js';

type FactsStructure = Extract<TaskInstance['structure'], { domain: 'facts' }>;

function factsOf(task: TaskInstance): FactsStructure {
  if (task.structure.domain !== 'facts') throw new Error('not a facts task');
  return task.structure;
}

/** Value of a fact unit for its answer; every other logit is 0. */
const LOGIT = 2;

/**
 * A glass-box fact table on the facts task, with one editable weight matrix M: `key` -> `logits`.
 * Site `key` (what the edit reads, state `activation`): for the query (fact f, paraphrase p), the fact
 * unit `unitOf(f)` is 1 (a representation of the fact shared by all its surface forms) and the
 * surface unit F + f·P + p is `surface(f)` (a representation of this surface form only). Site
 * `logits` = M·key, with M[a, u] = LOGIT when fact unit u's facts answer a, and 0 for surface units,
 * so every query gets its true answer. Facts that share a fact unit (`unitOf`) must share the answer.
 */
class FactTable extends BaseSubstrate {
  readonly info: SubstrateInfo = {
    id: 'fact-table',
    family: 'control',
    synchronous: true,
    description: 'glass-box fact table',
  };
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'observe',
    'intervene',
    'parameters',
    'edit',
  ]);
  readonly keys: number;
  readonly weights: Float32Array;
  private readonly queries = new Map<string, readonly [number, number]>();
  private readonly facts: FactsStructure;

  constructor(
    task: TaskInstance,
    readonly surface: (fact: number) => number,
    readonly unitOf: (fact: number) => number = (f) => f,
    readonly logitsState = 'preactivation',
  ) {
    super();
    this.facts = factsOf(task);
    const { facts, paraphrases, attributes } = this.facts;
    this.keys = facts.length * (1 + paraphrases);
    this.weights = new Float32Array(attributes * this.keys);
    facts.forEach((fact, f) => {
      this.weights[fact.attribute * this.keys + this.unitOf(f)] = LOGIT;
      for (let p = 0; p < paraphrases; p++)
        this.queries.set(this.facts.encode(fact.entity, fact.relation, p).join(','), [f, p]);
    });
  }
  protected async _fit(): Promise<FitReport> {
    return { epochs: 0, wallMs: 0 };
  }
  protected _units(): UnitGroup[] {
    return [
      { site: 'key', size: this.keys, state: 'activation' },
      { site: 'logits', size: this.facts.attributes, state: this.logitsState },
    ];
  }
  private key(inputs: Matrix): Matrix {
    const m = matrix(inputs.rows, this.keys);
    const { facts, paraphrases } = this.facts;
    for (let i = 0; i < inputs.rows; i++) {
      const [f, p] = this.queries.get(row(inputs, i).join(','))!;
      m.data[i * this.keys + this.unitOf(f)] = 1;
      m.data[i * this.keys + facts.length + f * paraphrases + p] = this.surface(f);
    }
    return m;
  }
  private logits(key: Matrix): Matrix {
    const a = this.facts.attributes;
    const out = matrix(key.rows, a);
    for (let i = 0; i < key.rows; i++)
      for (let r = 0; r < a; r++) {
        let sum = 0;
        for (let j = 0; j < this.keys; j++)
          sum += this.weights[r * this.keys + j]! * key.data[i * this.keys + j]!;
        out.data[i * a + r] = sum;
      }
    return out;
  }
  protected async _predict(inputs: Matrix): Promise<Matrix> {
    return this.logits(this.key(inputs));
  }
  protected override async _observe(inputs: Matrix): Promise<Observation> {
    const key = this.key(inputs);
    return {
      states: { key, logits: this.logits(key) },
      cost: { forwardPasses: inputs.rows, simulatedMs: 0, synapticEvents: 0, wallMs: 0 },
    };
  }
  protected override async _intervene(
    inputs: Matrix,
    interventions: readonly Intervention[],
  ): Promise<Matrix> {
    const apply = (site: string, m: Matrix) => {
      for (const iv of interventions) {
        if (iv.site !== site) continue;
        if (iv.kind !== 'add') throw new Error('the fact table takes additions only');
        for (let i = 0; i < m.rows; i++)
          for (let j = 0; j < m.cols; j++) m.data[i * m.cols + j]! += (iv.scale ?? 1) * iv.vector[j]!;
      }
      return m;
    };
    return apply('logits', this.logits(apply('key', this.key(inputs))));
  }
  protected override _parameters(): ParameterView[] {
    return [
      {
        name: 'M',
        from: 'key',
        to: 'logits',
        rows: this.facts.attributes,
        cols: this.keys,
        read: () => this.weights.slice(),
      },
    ];
  }
  protected override _applyEdit(_name: string, delta: Float32Array): void {
    for (let k = 0; k < delta.length; k++) this.weights[k]! += delta[k]!;
  }
}

const task = generateTask('facts', { level: 1, seed: 4 });
const structure = factsOf(task);
const trainInputs = new Set(
  Array.from({ length: task.train.inputs.rows }, (_, i) => row(task.train.inputs, i).join(',')),
);
/** The fact's paraphrases in the training split, found from the task's rows. */
const trainingParaphrases = (f: number): number[] => {
  const { entity, relation } = structure.facts[f]!;
  return Array.from({ length: structure.paraphrases }, (_, p) => p).filter((p) =>
    trainInputs.has(structure.encode(entity, relation, p).join(',')),
  );
};

async function edited(substrate: FactTable) {
  await substrate.fit(task, { seed: 1 });
  const before = substrate.weights.slice();
  const result = await analyzeCell(substrate, task, { seed: 2, families: ['edit'] });
  expect(Array.from(substrate.weights)).toEqual(Array.from(before));
  const raw = result.raw['edit.score'] as { view: string; edits: EditRecord[] };
  expect(raw.view).toBe('M');
  expect(raw.edits.length).toBeGreaterThan(0);
  for (const e of raw.edits) {
    // k* is the mean key of the training paraphrases; the others are held out.
    expect(e.keyParaphrases).toEqual(trainingParaphrases(e.fact));
    expect(e.heldOutParaphrases.length).toBeGreaterThan(0);
    // Every query of a′ has logits LOGIT·e(a′), so α = 1 moves the key paraphrases there exactly.
    expect(e.step).toBe(1);
    expect(e.landing).toBeLessThan(1e-5);
  }
  return { metrics: result.metrics, edits: raw.edits };
}

describe('edit (ROME) on a glass-box fact table', () => {
  it('edits a fact represented apart from its surface forms completely and nothing else', async () => {
    const { metrics } = await edited(new FactTable(task, () => 0));
    // Every paraphrase has the same key e_f, and keys of other facts are orthogonal to it.
    expect(metrics['edit.efficacy']).toBe(1);
    expect(metrics['edit.generalization']).toBe(1);
    expect(metrics['edit.specificity']).toBe(1);
    expect(metrics['edit.score']).toBe(1);
  });

  it('reaches a held-out paraphrase in proportion to the key it shares with the training paraphrases', async () => {
    // Key of (f, p): e_f + b·e_(f,p). Over the m training paraphrases, C restricted to f's units is
    // (1/N) K Kᵀ with K = [k_p], and k* = K·1/m, so C⁻¹k* ∝ k* (up to the small ridge). A held-out
    // paraphrase q then gets the share s = k_qᵀk* / k*ᵀk* = 1 / (1 + b²/m) of δ, a training
    // paraphrase exactly 1. The logits of q become (1 − s)·LOGIT·e(a) + s·LOGIT·e(a′): a′ wins iff s > 1/2.
    const surfaces = [0.5, 1, 1.5, 2, 3];
    const b = (f: number) => surfaces[f % surfaces.length]!;
    const { metrics, edits } = await edited(new FactTable(task, b));
    const expected = edits.map((e): number => {
      const m = trainingParaphrases(e.fact).length;
      return 1 / (1 + b(e.fact) ** 2 / m) > 0.5 ? 1 : 0;
    });
    expect(edits.map((e) => e.generalization)).toEqual(expected);
    // The test means something only if both outcomes occur among the edited facts.
    expect(new Set(expected).size).toBe(2);
    expect(metrics['edit.generalization']).toBeCloseTo(
      expected.reduce((s, x) => s + x, 0) / expected.length,
      12,
    );
    expect(metrics['edit.efficacy']).toBe(1);
    expect(metrics['edit.specificity']).toBe(1);
  });

  it('cannot generalise from surface-form keys (score 0 although efficacy is 1)', async () => {
    // b = 2, m = 3: s = 3/7 < 1/2 on every held-out paraphrase.
    const { metrics } = await edited(new FactTable(task, () => 2));
    expect(metrics['edit.efficacy']).toBe(1);
    expect(metrics['edit.generalization']).toBe(0);
    expect(metrics['edit.score']).toBe(0);
  });

  it('also moves a neighbour that shares the edited fact’s key', async () => {
    // Facts of one relation with the same answer are merged in pairs onto one fact unit: their keys
    // are identical, so no key-based edit can tell them apart, and the partner flips to a′ too.
    const partner = new Map<number, number>();
    for (let r = 0; r < structure.relations; r++)
      for (let a = 0; a < structure.attributes; a++) {
        const group = structure.facts.flatMap((f, i) => (f.relation === r && f.attribute === a ? [i] : []));
        for (let k = 0; k + 1 < group.length; k += 2) {
          partner.set(group[k]!, group[k + 1]!);
          partner.set(group[k + 1]!, group[k]!);
        }
      }
    const unitOf = (f: number) => Math.min(f, partner.get(f) ?? f);
    const { metrics, edits } = await edited(new FactTable(task, () => 0, unitOf));
    const expected = edits.map((e): number => {
      const checked = structure.neighbourhood(e.fact).slice(0, NEIGHBOURS_PER_EDIT);
      const p = partner.get(e.fact);
      return 1 - (p !== undefined && checked.includes(p) ? 1 : 0) / checked.length;
    });
    expect(edits.map((e) => e.specificity)).toEqual(expected);
    expect(expected.some((x) => x < 1)).toBe(true);
    expect(metrics['edit.specificity']).toBeCloseTo(
      expected.reduce((s, x) => s + x, 0) / expected.length,
      12,
    );
    expect(metrics['edit.efficacy']).toBe(1);
    expect(metrics['edit.generalization']).toBe(1);
  });

  it('is null with the reason when the edited matrix does not write a pre-activation', async () => {
    const substrate = new FactTable(task, () => 0, undefined, 'probability');
    await substrate.fit(task, { seed: 1 });
    const result = await analyzeCell(substrate, task, { seed: 2, families: ['edit'] });
    expect(result.metrics['edit.score']).toBeNull();
    expect(result.unavailable['edit.score']).toMatch(/pre-activation/);
  });
});

describe('chooseEditView', () => {
  const view = (name: string, from: string | undefined, to: string, rows: number, cols: number) =>
    ({
      name,
      ...(from ? { from } : {}),
      to,
      rows,
      cols,
      read: () => new Float32Array(rows * cols),
    }) as ParameterView;
  const dense = (hidden: number[]): UnitGroup[] => [
    ...hidden.flatMap((size, i) => [
      { site: `h${i}.pre`, size, state: 'preactivation' },
      { site: `h${i}.post`, size, state: 'activation' },
    ]),
    { site: 'out.pre', size: 3, state: 'preactivation' },
  ];

  it('edits the matrix that reads the hidden layer, even when it writes the output layer', () => {
    const choice = chooseEditView(
      [
        view('W0', 'input', 'h0.pre', 8, 5),
        view('b0', undefined, 'h0.pre', 8, 1),
        view('W1', 'h0.post', 'out.pre', 3, 8),
      ],
      dense([8]),
    );
    expect('view' in choice && choice.view.name).toBe('W1');
  });

  it('prefers a middle layer to the output layer', () => {
    const choice = chooseEditView(
      [
        view('W0', 'input', 'h0.pre', 8, 5),
        view('W1', 'h0.post', 'h1.pre', 6, 8),
        view('W2', 'h1.post', 'out.pre', 3, 6),
      ],
      dense([8, 6]),
    );
    expect('view' in choice && choice.view.name).toBe('W1');
  });

  it('accepts a rotated pre-activation (a rotation keeps it linear in the key)', () => {
    const groups: UnitGroup[] = [
      { site: 'h0.post', size: 8, state: 'rotated activation' },
      { site: 'h1.pre', size: 6, state: 'rotated preactivation' },
    ];
    const choice = chooseEditView([view('W1', 'h0.post', 'h1.pre', 6, 8)], groups);
    expect('view' in choice && choice.view.name).toBe('W1');
  });

  it('refuses a matrix that reads the raw input, and one that writes spike counts', () => {
    const exc: UnitGroup[] = [{ site: 'exc', size: 8, state: 'spike-count' }];
    const input = chooseEditView([view('input->exc', 'input', 'exc', 8, 10)], exc);
    expect('reason' in input && input.reason).toMatch(/raw input/);
    const recurrent = chooseEditView([view('exc->exc', 'exc', 'exc', 8, 8)], exc);
    expect('reason' in recurrent && recurrent.reason).toMatch(/pre-activation.*spike-count/);
  });
});
