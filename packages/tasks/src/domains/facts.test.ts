import { isScrutableError } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { generateTask } from '../index.js';
import type { DomainStructure, TaskInstance } from '../types.js';

type FactsStructure = Extract<DomainStructure, { domain: 'facts' }>;

function structureOf(task: TaskInstance): FactsStructure {
  if (task.structure.domain !== 'facts') throw new Error('not a facts task');
  return task.structure;
}

function argmax(values: ArrayLike<number>, offset: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (values[offset + j]! > values[offset + best]!) best = j;
  return best;
}

describe('facts', () => {
  for (const level of [1, 3, 5]) {
    const task = generateTask('facts', { level, seed: 21 });
    const s = structureOf(task);
    const width = task.train.inputs.cols;
    // Every surface form, keyed by its input row.
    const forms = new Map<string, { fact: number; paraphrase: number }>();
    s.facts.forEach((f, fact) => {
      for (let paraphrase = 0; paraphrase < s.paraphrases; paraphrase++)
        forms.set(s.encode(f.entity, f.relation, paraphrase).join(','), { fact, paraphrase });
    });

    it(`level ${level}: paraphrases change the input, never the answer`, () => {
      expect(forms.size).toBe(s.facts.length * s.paraphrases);
      expect(s.facts).toHaveLength(s.entities * s.relations);
      for (const [split, name] of [
        [task.train, 'train'],
        [task.test, 'test'],
      ] as const) {
        for (let i = 0; i < split.inputs.rows; i++) {
          const form = forms.get(
            Array.from(split.inputs.data.subarray(i * width, (i + 1) * width)).join(','),
          );
          expect(form, `${name} row ${i} is a surface form of a fact`).toBeDefined();
          const fact = s.facts[form!.fact]!;
          expect(argmax(split.targets.data, i * s.attributes, s.attributes)).toBe(fact.attribute);
          expect(split.latents.map((l) => l.values[i])).toEqual([fact.entity, fact.relation, fact.attribute]);
        }
      }
    });

    it(`level ${level}: trains on every fact and tests it in held-out paraphrases`, () => {
      const factsIn = (split: typeof task.train) => {
        const seen = new Map<number, Set<number>>();
        for (let i = 0; i < split.inputs.rows; i++) {
          const form = forms.get(
            Array.from(split.inputs.data.subarray(i * width, (i + 1) * width)).join(','),
          )!;
          if (!seen.has(form.fact)) seen.set(form.fact, new Set());
          seen.get(form.fact)!.add(form.paraphrase);
        }
        return seen;
      };
      const train = factsIn(task.train);
      const test = factsIn(task.test);
      expect(train.size).toBe(s.facts.length);
      expect(test.size).toBe(s.facts.length);
      for (const [fact, paraphrases] of test) {
        for (const p of paraphrases) expect(train.get(fact)!.has(p)).toBe(false);
      }
    });

    it(`level ${level}: lists as neighbourhood every other subject under the same relation`, () => {
      for (const fact of [0, s.facts.length - 1, Math.floor(s.facts.length / 2)]) {
        const expected: number[] = [];
        s.facts.forEach((f, i) => {
          if (i !== fact && f.relation === s.facts[fact]!.relation) expected.push(i);
        });
        expect(s.neighbourhood(fact)).toEqual(expected);
        expect(expected).toHaveLength(s.entities - 1);
      }
    });
  }

  it('answers a forced entity with that entity’s attribute, and a forced attribute directly', () => {
    const task = generateTask('facts', { level: 2, seed: 5 });
    const s = structureOf(task);
    const input = s.encode(3, 1, 2);
    const other = s.facts.find(
      (f) => f.relation === 1 && f.entity !== 3 && f.attribute !== s.facts[3 * s.relations + 1]!.attribute,
    )!;
    const viaEntity = task.groundTruth(input, new Map([[0, other.entity]]));
    expect(Array.from(viaEntity.latents)).toEqual([other.entity, 1, other.attribute]);
    expect(argmax(viaEntity.targets, 0, s.attributes)).toBe(other.attribute);
    const viaAttribute = task.groundTruth(input, new Map([[2, 0]]));
    expect(argmax(viaAttribute.targets, 0, s.attributes)).toBe(0);
  });

  it('rejects out-of-range arguments to encode and neighbourhood with BAD_INPUT', () => {
    const s = structureOf(generateTask('facts', { level: 1, seed: 0 }));
    for (const f of [
      () => s.encode(s.entities, 0, 0),
      () => s.encode(0, 0, s.paraphrases),
      () => s.neighbourhood(-1),
    ]) {
      expect(() => f()).toThrow();
      try {
        f();
      } catch (e) {
        expect(isScrutableError(e, 'BAD_INPUT')).toBe(true);
      }
    }
  });
});
