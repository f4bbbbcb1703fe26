import { Rng } from '@scrutable/core';
import { assembleTask, ExampleTable, forced, type LatentSpec, splitRows, tableBits } from '../table.js';
import type { Circuit, GateOp, TaskInstance } from '../types.js';
import type { DomainModule } from './domain.js';

/**
 * Circuit shape per level (index = level - 1): input bits and the gates per layer. The layers narrow
 * toward the last, whose gates are the outputs, so every gate can feed one.
 */
const LEVELS = [
  { inputs: 8, layers: [3, 2, 1] },
  { inputs: 9, layers: [4, 4, 2] },
  { inputs: 10, layers: [5, 4, 3, 2] },
  { inputs: 11, layers: [6, 5, 4, 3] },
  { inputs: 12, layers: [6, 6, 5, 4, 3] },
] as const;

/**
 * Gates drawn. `not` is never drawn: its value is the complement of its argument's, so it would carry
 * no information of its own.
 */
const OPS: readonly GateOp[] = ['and', 'or', 'xor', 'nand', 'nor'];
const TEST_FRACTION = 0.3;
/** Draws tried for each gate before the most balanced informative one is kept. */
const MAX_REDRAWS = 50;
/** Circuits drawn before giving up on one whose every gate feeds an output. */
const MAX_CIRCUITS = 1000;
/** Least share of inputs on which a gate should be true (and false). */
const MIN_BALANCE = 0.25;

/** The value of one gate from its argument bits (0/1). */
export function gateValue(op: GateOp, a: number, b: number): number {
  switch (op) {
    case 'and':
      return a & b;
    case 'or':
      return a | b;
    case 'xor':
      return a ^ b;
    case 'nand':
      return 1 - (a & b);
    case 'nor':
      return 1 - (a | b);
    case 'not':
      return 1 - a;
  }
}

/** Every node's value (inputs then gates) for the input bits, with gate values forced where given. */
export function evaluateCircuit(
  circuit: Circuit,
  bits: ArrayLike<number>,
  forcedGates: ReadonlyMap<number, number> = new Map(),
): Uint8Array {
  const values = new Uint8Array(circuit.inputs + circuit.gates.length);
  for (let i = 0; i < circuit.inputs; i++) values[i] = bits[i]! > 0.5 ? 1 : 0;
  circuit.gates.forEach((gate, g) => {
    const computed = gateValue(gate.op, values[gate.args[0]!]!, values[gate.args[1] ?? gate.args[0]!]!);
    values[circuit.inputs + g] = forced(forcedGates, g, computed) > 0.5 ? 1 : 0;
  });
  return values;
}

/**
 * Draws a layered circuit whose last layer is the outputs: each gate reads one node of the previous
 * layer (so depth is real) and one other earlier node. A gate is redrawn while its truth table over
 * all inputs is constant, equals or complements an earlier node's, or is true on less than MIN_BALANCE
 * or more than 1 - MIN_BALANCE of the inputs, so every latent carries information of its own and the
 * targets are not nearly constant; after MAX_REDRAWS the most balanced new candidate is kept. A circuit
 * is redrawn while some gate outside the last layer is read by no later gate, so every gate lies in
 * the input cone of an output.
 */
function drawCircuit(rng: Rng, shape: (typeof LEVELS)[number]): Circuit {
  for (let attempt = 0; attempt < MAX_CIRCUITS; attempt++) {
    const circuit = tryCircuit(rng, shape);
    if (circuit) return circuit;
  }
  throw new RangeError(
    'boolean: no circuit found whose gates are all distinct, balanced enough and feeding an output',
  );
}

/** One draw of drawCircuit's circuit, or undefined when a gate feeds no output or no acceptable gate turns up. */
function tryCircuit(rng: Rng, shape: (typeof LEVELS)[number]): Circuit | undefined {
  const rows = 2 ** shape.inputs;
  const tables: Uint8Array[] = [];
  const seen = new Set<string>();
  const remember = (table: Uint8Array) => {
    tables.push(table);
    seen.add(table.join(''));
    seen.add(table.map((v) => 1 - v).join(''));
  };
  for (let i = 0; i < shape.inputs; i++) remember(Uint8Array.from({ length: rows }, (_, r) => (r >> i) & 1));
  const gates: { op: GateOp; args: number[] }[] = [];
  // Gate nodes no later gate reads yet.
  const unread = new Set<number>();
  let previous = Array.from({ length: shape.inputs }, (_, i) => i);
  for (const width of shape.layers) {
    const layerStart = tables.length;
    const current: number[] = [];
    for (let w = 0; w < width; w++) {
      const nodeCount = tables.length;
      // Unread gates of earlier layers, which this layer's gates should read.
      const pending = [...unread].filter((n) => n < layerStart);
      const pendingPrevious = pending.filter((n) => previous.includes(n));
      let best: { gate: { op: GateOp; args: number[] }; table: Uint8Array; imbalance: number } | undefined;
      for (
        let attempt = 0;
        !best || (attempt < MAX_REDRAWS && best.imbalance > 0.5 - MIN_BALANCE);
        attempt++
      ) {
        if (attempt > 100 * MAX_REDRAWS) return undefined;
        // The first half of the attempts read unread gates where there are some.
        const prefer = attempt < MAX_REDRAWS / 2;
        const op = rng.pick(OPS);
        const first = rng.pick(prefer && pendingPrevious.length > 0 ? pendingPrevious : previous);
        const others = pending.filter((n) => n !== first);
        let second: number;
        if (prefer && others.length > 0) second = rng.pick(others);
        else {
          second = rng.int(nodeCount - 1);
          if (second >= first) second++;
        }
        const gate = { op, args: [first, second] };
        const [a, b] = [tables[first]!, tables[second]!];
        const table = a.map((x, r) => gateValue(op, x, b[r]!));
        const ones = table.reduce((n, v) => n + v, 0);
        if (ones === 0 || ones === rows || seen.has(table.join(''))) continue;
        const imbalance = Math.abs(ones / rows - 0.5);
        if (!best || imbalance < best.imbalance) best = { gate, table, imbalance };
      }
      remember(best.table);
      gates.push(best.gate);
      for (const arg of best.gate.args) unread.delete(arg);
      unread.add(nodeCount);
      current.push(nodeCount);
    }
    previous = current;
  }
  if ([...unread].some((n) => !previous.includes(n))) return undefined;
  return { inputs: shape.inputs, gates, outputs: previous };
}

function generate(level: number, seed: number): TaskInstance {
  const shape = LEVELS[level - 1]!;
  const rng = new Rng(seed);
  const circuit = drawCircuit(rng.fork('circuit'), shape);
  const latents: LatentSpec[] = circuit.gates.map((_, g) => ({
    name: `g${g}`,
    kind: 'binary',
    categories: 2,
  }));
  const latentNodes = Object.fromEntries(circuit.gates.map((_, g) => [`g${g}`, circuit.inputs + g]));
  const rows = 2 ** circuit.inputs;
  const table = new ExampleTable(circuit.inputs, circuit.outputs.length, latents.length, rows);
  const groundTruth = (input: Float32Array, overrides: ReadonlyMap<number, number>) => {
    const values = evaluateCircuit(circuit, input, overrides);
    return {
      latents: Float32Array.from(values.subarray(circuit.inputs)),
      targets: Float32Array.from(circuit.outputs, (node) => values[node]!),
    };
  };
  for (let r = 0; r < rows; r++) {
    const input = Float32Array.from({ length: circuit.inputs }, (_, i) => (r >> i) & 1);
    table.add({ input, ...groundTruth(input, new Map()) });
  }
  const { train, test } = splitRows(rng.fork('split').permutation(rows), TEST_FRACTION);
  return assembleTask({
    domain: 'boolean',
    level,
    seed,
    inputNames: Array.from({ length: circuit.inputs }, (_, i) => `x${i}`),
    heads: [{ name: 'out', kind: 'binary', size: circuit.outputs.length }],
    latents,
    table,
    trainRows: train,
    testRows: test,
    complexity: tableBits(rows, 2 ** circuit.outputs.length),
    structure: { domain: 'boolean', circuit, latentNodes },
    groundTruth,
  });
}

/** Random boolean circuits over input bits; the level grows inputs, depth, width and outputs. */
export const booleanDomain: DomainModule = {
  info: {
    id: 'boolean',
    description: 'A random layered circuit of boolean gates; targets are its output gates.',
    latents: Array.from({ length: LEVELS[0].layers.reduce((n, w) => n + w, 0) }, (_, g) => `g${g}`),
    levels: [1, 5],
  },
  generate,
};
