import { Rng } from '@scrutable/core';
import { assembleTask, ExampleTable, forced, type LatentSpec, splitRows, tableBits } from '../table.js';
import type { Circuit, GateOp, TaskInstance } from '../types.js';
import type { DomainModule } from './domain.js';

/** Circuit shape per level (index = level - 1). */
const LEVELS = [
  { inputs: 8, depth: 2, width: 3, outputs: 1 },
  { inputs: 9, depth: 3, width: 4, outputs: 2 },
  { inputs: 10, depth: 3, width: 5, outputs: 2 },
  { inputs: 11, depth: 4, width: 5, outputs: 3 },
  { inputs: 12, depth: 5, width: 6, outputs: 3 },
] as const;

const OPS: readonly GateOp[] = ['and', 'or', 'xor', 'nand', 'nor', 'not'];
const TEST_FRACTION = 0.3;
/** Draws tried for each gate before the most balanced informative one is kept. */
const MAX_REDRAWS = 50;
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
 * Draws a layered circuit: each gate reads one node of the previous layer (so depth is real) and one
 * other earlier node. A gate is redrawn while its truth table over all inputs is constant, equals an
 * earlier node's, or is true on less than MIN_BALANCE or more than 1 - MIN_BALANCE of the inputs, so
 * every latent carries information of its own and the targets are not nearly constant; after
 * MAX_REDRAWS the most balanced new candidate is kept.
 */
function drawCircuit(rng: Rng, shape: (typeof LEVELS)[number]): Circuit {
  const rows = 2 ** shape.inputs;
  const tables: Uint8Array[] = [];
  for (let i = 0; i < shape.inputs; i++)
    tables.push(Uint8Array.from({ length: rows }, (_, r) => (r >> i) & 1));
  const seen = new Set(tables.map((t) => t.join('')));
  const gates: { op: GateOp; args: number[] }[] = [];
  let previous = Array.from({ length: shape.inputs }, (_, i) => i);
  for (let layer = 0; layer < shape.depth; layer++) {
    const current: number[] = [];
    for (let w = 0; w < shape.width; w++) {
      const nodeCount = tables.length;
      let best: { gate: { op: GateOp; args: number[] }; table: Uint8Array; imbalance: number } | undefined;
      for (
        let attempt = 0;
        !best || (attempt < MAX_REDRAWS && best.imbalance > 0.5 - MIN_BALANCE);
        attempt++
      ) {
        if (attempt > 100 * MAX_REDRAWS) throw new RangeError('boolean: no informative gate found');
        const op = rng.pick(OPS);
        const first = rng.pick(previous);
        let second = rng.int(nodeCount - 1);
        if (second >= first) second++;
        const gate = { op, args: op === 'not' ? [first] : [first, second] };
        const [a, b] = [tables[first]!, tables[gate.args[1] ?? first]!];
        const table = a.map((x, r) => gateValue(op, x, b[r]!));
        const ones = table.reduce((n, v) => n + v, 0);
        if (ones === 0 || ones === rows || seen.has(table.join(''))) continue;
        const imbalance = Math.abs(ones / rows - 0.5);
        if (!best || imbalance < best.imbalance) best = { gate, table, imbalance };
      }
      seen.add(best.table.join(''));
      gates.push(best.gate);
      tables.push(best.table);
      current.push(nodeCount);
    }
    previous = current;
  }
  return { inputs: shape.inputs, gates, outputs: previous.slice(0, shape.outputs) };
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
    latents: Array.from({ length: LEVELS[0].depth * LEVELS[0].width }, (_, g) => `g${g}`),
    levels: [1, 5],
  },
  generate,
};
