import { describe, expect, it } from 'vitest';
import {
  controlDisruption,
  excessOverControl,
  MAX_CONTROL_DISRUPTION,
  MIN_STEERED_EXAMPLES,
  steerSuccess,
} from './steer.js';

describe('steer.success statistic', () => {
  it('is the steered share minus the largest control share, at least 0', () => {
    expect(steerSuccess(36, [2, 1, 0, 2], 40)).toBeCloseTo(34 / 40, 12);
    // A kick that saturates the outputs: one random direction of four lands every example on A too.
    expect(steerSuccess(40, [0, 40, 0, 0], 40)).toBe(0);
    expect(steerSuccess(3, [9, 0, 0, 0], 40)).toBe(0);
    expect(excessOverControl(0.75, [0.25, 0.1])).toBeCloseTo(0.5, 12);
  });

  it('does not turn a random kick that already moves almost everything into a full score', () => {
    // 230 of 230 moved by the vector, 229 of 230 by an equal-norm random direction: (s − r)/(1 − r)
    // would be 1; the excess is one example in 230.
    expect(steerSuccess(230, [229, 3, 0, 1], 230)).toBeCloseTo(1 / 230, 12);
  });

  it('scores 0 when too few examples were steered to tell an effect from noise', () => {
    expect(steerSuccess(4, [0], 4)).toBe(0);
    expect(steerSuccess(MIN_STEERED_EXAMPLES - 1, [0], MIN_STEERED_EXAMPLES - 1)).toBe(0);
    expect(steerSuccess(MIN_STEERED_EXAMPLES, [0], MIN_STEERED_EXAMPLES)).toBe(1);
  });
});

describe('steer admissibility', () => {
  it('is the mean share of predictions the random controls change', () => {
    expect(controlDisruption([0, 0.1, 0.3, 0.2])).toBeCloseTo(0.15, 12);
    expect(controlDisruption([])).toBe(0);
  });

  it('rules out a kick that saturates the outputs, whatever class the controls land on', () => {
    // Three classes, every random kick lands every example on B: none lands on A (the max control
    // share is 0, so the vector would score a full 1), but each changes every prediction.
    expect(controlDisruption([1, 1, 1, 1])).toBeGreaterThan(MAX_CONTROL_DISRUPTION);
    expect(controlDisruption([0.05, 0.1, 0, 0.15])).toBeLessThanOrEqual(MAX_CONTROL_DISRUPTION);
  });
});
