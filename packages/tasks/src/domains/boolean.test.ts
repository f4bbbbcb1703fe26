import { describe, expect, it } from 'vitest';
import { generateTask } from '../index.js';
import type { Circuit, TaskInstance } from '../types.js';

/** Reference evaluation written from the gate definitions, with optional forced gate values. */
function referenceNodes(
  circuit: Circuit,
  bits: readonly number[],
  force: Map<number, number> = new Map(),
): number[] {
  const nodes = [...bits];
  circuit.gates.forEach((gate, g) => {
    const a = nodes[gate.args[0]!] === 1;
    const b = nodes[gate.args[1] ?? gate.args[0]!] === 1;
    const table: Record<string, boolean> = {
      and: a && b,
      or: a || b,
      xor: a !== b,
      nand: !(a && b),
      nor: !(a || b),
      not: !a,
    };
    nodes.push(force.has(g) ? force.get(g)! : table[gate.op] ? 1 : 0);
  });
  return nodes;
}

function circuitOf(task: TaskInstance): Circuit {
  if (task.structure.domain !== 'boolean') throw new Error('not a boolean task');
  return task.structure.circuit;
}

describe('boolean', () => {
  for (const level of [1, 3, 5]) {
    const task = generateTask('boolean', { level, seed: 11 });
    const circuit = circuitOf(task);

    it(`level ${level}: targets and gate latents match a hand evaluation of the circuit`, () => {
      const width = circuit.outputs.length;
      for (const split of [task.train, task.test]) {
        const mismatches: string[] = [];
        for (let i = 0; i < split.inputs.rows; i++) {
          const bits = Array.from(split.inputs.data.subarray(i * circuit.inputs, (i + 1) * circuit.inputs));
          const nodes = referenceNodes(circuit, bits);
          circuit.outputs.forEach((n, j) => {
            if (split.targets.data[i * width + j] !== nodes[n]) mismatches.push(`row ${i} output ${j}`);
          });
          split.latents.forEach((latent, g) => {
            if (latent.values[i] !== nodes[circuit.inputs + g]) mismatches.push(`row ${i} ${latent.name}`);
          });
        }
        expect(mismatches).toEqual([]);
      }
    });

    it(`level ${level}: covers every input row once, and every gate varies`, () => {
      expect(task.train.inputs.rows + task.test.inputs.rows).toBe(2 ** circuit.inputs);
      for (const latent of task.train.latents) {
        const ones = latent.values.reduce((n, v) => n + v, 0);
        expect(ones).toBeGreaterThan(0);
        expect(ones).toBeLessThan(latent.values.length);
      }
    });

    it(`level ${level}: forcing a gate propagates to the gates and outputs computed from it`, () => {
      const structure = task.structure;
      if (structure.domain !== 'boolean') throw new Error('not a boolean task');
      const input = task.test.inputs.data.slice(0, circuit.inputs);
      let changedTargets = 0;
      circuit.gates.forEach((_, g) => {
        const name = `g${g}`;
        expect(structure.latentNodes[name]).toBe(circuit.inputs + g);
        const latentIndex = task.train.latents.findIndex((l) => l.name === name);
        const plain = referenceNodes(circuit, Array.from(input));
        const flipped = 1 - plain[circuit.inputs + g]!;
        const expected = referenceNodes(circuit, Array.from(input), new Map([[g, flipped]]));
        const truth = task.groundTruth(input, new Map([[latentIndex, flipped]]));
        expect(Array.from(truth.latents)).toEqual(expected.slice(circuit.inputs));
        expect(Array.from(truth.targets)).toEqual(circuit.outputs.map((n) => expected[n]));
        if (circuit.outputs.some((n) => expected[n] !== plain[n])) changedTargets++;
      });
      // Forcing an output gate itself always changes the targets.
      expect(changedTargets).toBeGreaterThanOrEqual(circuit.outputs.length);
    });

    it(`level ${level}: is layered, each gate reading only earlier nodes`, () => {
      circuit.gates.forEach((gate, g) => {
        for (const arg of gate.args) expect(arg).toBeLessThan(circuit.inputs + g);
        expect(gate.args).toHaveLength(gate.op === 'not' ? 1 : 2);
      });
    });
  }
});

describe('boolean circuits over many seeds', () => {
  it('feed every gate latent into an output, and no gate equals or complements an earlier node', () => {
    const problems: string[] = [];
    for (const level of [1, 2, 3, 4, 5])
      for (let seed = 0; seed < 40; seed++) {
        const task = generateTask('boolean', { level, seed });
        const circuit = circuitOf(task);
        const name = `L${level} s${seed}`;
        // The outputs' input cone: every node an output reads, directly or through other gates.
        const cone = new Set<number>();
        const stack = [...circuit.outputs];
        while (stack.length > 0) {
          const node = stack.pop()!;
          if (cone.has(node)) continue;
          cone.add(node);
          if (node >= circuit.inputs) stack.push(...circuit.gates[node - circuit.inputs]!.args);
        }
        for (const [latent, node] of Object.entries(
          task.structure.domain === 'boolean' ? task.structure.latentNodes : {},
        ))
          if (!cone.has(node)) problems.push(`${name}: ${latent} feeds no output`);
        // Truth tables of every node over every input row, from the hand evaluation.
        const rows = 2 ** circuit.inputs;
        const tables = Array.from(
          { length: circuit.inputs + circuit.gates.length },
          () => new Uint8Array(rows),
        );
        for (let r = 0; r < rows; r++) {
          const nodes = referenceNodes(
            circuit,
            Array.from({ length: circuit.inputs }, (_, i) => (r >> i) & 1),
          );
          nodes.forEach((v, n) => {
            tables[n]![r] = v;
          });
        }
        for (let g = circuit.inputs; g < tables.length; g++)
          for (let earlier = 0; earlier < g; earlier++) {
            const same = tables[g]!.every((v, r) => v === tables[earlier]![r]);
            const complement = tables[g]!.every((v, r) => v !== tables[earlier]![r]);
            if (same || complement)
              problems.push(`${name}: node ${g} ${same ? 'equals' : 'complements'} ${earlier}`);
          }
      }
    expect(problems).toEqual([]);
  });
});
