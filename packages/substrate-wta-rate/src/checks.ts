import { Rng, type SelfCheck, type SelfCheckOptions } from '@scrutable/core';
import { hebbianStep } from './hebbian.js';

/**
 * The rule's self-checks: (1) one step equals the rule written out synapse by synapse (winner found by
 * a plain scan, not the sort the rule uses); (2) a unit that always wins one input v converges to the
 * rule's closed-form fixed point W = v / |v| (Krotov & Hopfield 2019, p = 2), from a start with positive
 * current.
 */
export async function wtaRateChecks(options: SelfCheckOptions = {}): Promise<readonly SelfCheck[]> {
  return [perSynapseCheck(options.seed ?? 1), fixedPointCheck(options.seed ?? 1, options.quick ?? false)];
}

function perSynapseCheck(seed: number): SelfCheck {
  const rng = new Rng(seed);
  const [units, inputs, anti] = [5, 7, 0.4];
  const w = Float64Array.from({ length: units * inputs }, () => rng.normal());
  const v = Float64Array.from({ length: inputs }, () => rng.uniform(0, 1));
  const expected = Float64Array.from(w);
  const current = Array.from({ length: units }, (_, u) => {
    let s = 0;
    for (let i = 0; i < inputs; i++) s += w[u * inputs + i]! * v[i]!;
    return s;
  });
  let first = 0;
  for (let u = 1; u < units; u++) if (current[u]! > current[first]!) first = u;
  let second = first === 0 ? 1 : 0;
  for (let u = 0; u < units; u++) if (u !== first && current[u]! > current[second]!) second = u;
  const delta = new Float64Array(units * inputs);
  for (let i = 0; i < inputs; i++) {
    delta[first * inputs + i] = v[i]! - current[first]! * w[first * inputs + i]!;
    delta[second * inputs + i] = -anti * (v[i]! - current[second]! * w[second * inputs + i]!);
  }
  const largest = Math.max(...delta.map(Math.abs));
  for (let j = 0; j < delta.length; j++) expected[j]! += (0.1 * delta[j]!) / largest;
  hebbianStep(w, units, v, inputs, 0.1, anti, 2);
  let error = 0;
  for (let j = 0; j < w.length; j++) error = Math.max(error, Math.abs(w[j]! - expected[j]!));
  return {
    name: 'hebbian step equals the rule written per synapse',
    passed: error < 1e-12,
    observed: { maxAbsError: error },
    expected: { maxAbsError: '< 1e-12' },
  };
}

function fixedPointCheck(seed: number, quick: boolean): SelfCheck {
  const rng = new Rng(seed).fork('fixed-point');
  const inputs = 6;
  const v = Float64Array.from({ length: inputs }, () => rng.uniform(0.1, 1));
  // A winner's current is positive (a negative one would make −I·W grow the weights instead).
  const w = Float64Array.from({ length: inputs }, () => Math.abs(rng.normal()));
  const steps = quick ? 1500 : 6000;
  for (let t = 0; t < steps; t++) hebbianStep(w, 1, v, inputs, 0.05 * (1 - t / steps), 0, 2);
  const norm = Math.hypot(...v);
  let error = 0;
  for (let i = 0; i < inputs; i++) error = Math.max(error, Math.abs(w[i]! - v[i]! / norm));
  return {
    name: 'a unit that always wins converges to W = v / |v|',
    passed: error < 1e-2,
    observed: { maxAbsError: error, steps },
    expected: { maxAbsError: '< 0.01' },
  };
}
