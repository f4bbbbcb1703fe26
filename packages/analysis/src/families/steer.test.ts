import { hashSeed, Rng } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import {
  chooseSteer,
  controlDisruption,
  excessOverControl,
  MAX_CONTROL_DISRUPTION,
  MIN_STEERED_EXAMPLES,
  STEER_COEFFICIENTS_SD,
  STEER_CONTROL_DIRECTIONS,
  steerSuccess,
} from './steer.js';
import { randomDirection, sdScaledVector } from './steer-vector.js';

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

describe('steer site and coefficient search', () => {
  // A made-up network per world: at each site, a kick v moves the share sigmoid(gain · v·w) of the
  // examples (in steps of 1/40) and changes the share |v| · fragility of the predictions.
  function world(seed: number) {
    const rng = new Rng(seed);
    const sites = ['a', 'b', 'c'];
    const width = 6;
    const weights = new Map(sites.map((s) => [s, Float32Array.from({ length: width }, () => rng.normal())]));
    const gains = new Map(sites.map((s) => [s, rng.uniform(0, 4)]));
    const fragility = new Map(sites.map((s) => [s, rng.uniform(0, 0.4)]));
    const directions = new Map(
      sites.map((s) => [s, Float32Array.from({ length: width }, () => rng.normal())]),
    );
    const ctx = { rng: (label: string) => new Rng(hashSeed(seed, label)) };
    const calls = { count: 0 };
    const outcome = async (site: string, v: Float32Array) => {
      calls.count++;
      const w = weights.get(site)!;
      const dot = v.reduce((sum, x, i) => sum + x * w[i]!, 0);
      const norm = Math.hypot(...v);
      return {
        share: Math.round(40 / (1 + Math.exp(-gains.get(site)! * dot))) / 40,
        changed: Math.min(1, norm * fragility.get(site)!),
      };
    };
    const directionAt = (site: string) => ({
      direction: directions.get(site)!,
      sd: new Float64Array(width).fill(1),
    });
    return { ctx, sites, outcome, directionAt, calls };
  }

  // Every coefficient's controls run, as the search did before it skipped hopeless coefficients.
  async function exhaustive(w: ReturnType<typeof world>) {
    let best: { site: string; coefficientSd: number; value: number } | undefined;
    for (const site of w.sites) {
      const { direction, sd } = w.directionAt(site);
      const rng = w.ctx.rng(`steer.control.${site}`);
      for (const c of STEER_COEFFICIENTS_SD) {
        const vector = sdScaledVector(direction, sd, c);
        const controlRng = rng.fork(c);
        const controls = Array.from({ length: STEER_CONTROL_DIRECTIONS }, (_, k) =>
          randomDirection(vector, controlRng.fork(k)),
        );
        const byControls = [];
        for (const control of controls) byControls.push(await w.outcome(site, control));
        if (controlDisruption(byControls.map((o) => o.changed)) > MAX_CONTROL_DISRUPTION) continue;
        const value = excessOverControl(
          (await w.outcome(site, vector)).share,
          byControls.map((o) => o.share),
        );
        if (!best || value > best.value) best = { site, coefficientSd: c, value };
      }
    }
    return best;
  }

  it('chooses what running every control would choose, with fewer interventions in all', async () => {
    let saved = 0;
    for (let seed = 0; seed < 40; seed++) {
      const reference = world(seed);
      const expected = await exhaustive(reference);
      const searched = world(seed);
      const choice = await chooseSteer(searched.ctx, searched.sites, searched.directionAt, searched.outcome);
      expect(choice && { site: choice.site, coefficientSd: choice.coefficientSd }).toEqual(
        expected && { site: expected.site, coefficientSd: expected.coefficientSd },
      );
      saved += reference.calls.count - searched.calls.count;
    }
    // A coefficient that is run and then not admissible costs one intervention more than before,
    // one that cannot beat the best so far four fewer.
    expect(saved).toBeGreaterThan(0);
  });
});
