import { describe, expect, it } from 'vitest';
import { outputDecisions } from './describe.js';

describe('outputDecisions', () => {
  it('asks one question per bit', () => {
    expect(
      outputDecisions({ name: 'out[1]', kind: 'binary', start: 1, size: 1 }, Int32Array.of(0, 1)),
    ).toEqual([{ name: 'out[1]', value: 1 }]);
  });

  it('asks "is the answer c?" per predicted class, the most predicted first, ties by class', () => {
    const predicted = Int32Array.of(2, 0, 2, 5, 0, 2, 5, 3);
    const decisions = outputDecisions({ name: 'sum', kind: 'class', start: 0, size: 7 }, predicted);
    expect(decisions.map((d) => d.value)).toEqual([2, 0, 5, 3]);
    expect(decisions[0]!.name).toBe('sum=2');
  });

  it('describes at most eight classes', () => {
    const predicted = Int32Array.from({ length: 40 }, (_, i) => i % 20);
    expect(outputDecisions({ name: 'a', kind: 'class', start: 0, size: 20 }, predicted)).toHaveLength(8);
  });
});
