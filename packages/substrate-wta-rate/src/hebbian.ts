/**
 * One minibatch step of Krotov & Hopfield's (2019) local learning rule with competing units (p = 2):
 * for each example v, each unit's input current is I_μ = Σ_i W_μi v_i; the unit with the largest current
 * gets g = 1 (Hebbian), the unit ranked `rank` gets g = −anti (anti-Hebbian), all others g = 0; each
 * synapse then moves by g·(v_i − I_μ·W_μi), which drives a winning unit's weight vector towards unit
 * length. The summed change is scaled so its largest entry is `rate`. W is [units x inputs], row-major,
 * updated in place. Returns the largest entry of the unscaled change (0: nothing moved).
 */
export function hebbianStep(
  weights: Float64Array,
  units: number,
  batch: Float64Array,
  inputs: number,
  rate: number,
  anti: number,
  rank: number,
): number {
  const change = new Float64Array(units * inputs);
  const current = new Float64Array(units);
  const examples = batch.length / inputs;
  const order = Array.from({ length: units }, (_, u) => u);
  for (let e = 0; e < examples; e++) {
    const v = batch.subarray(e * inputs, (e + 1) * inputs);
    for (let u = 0; u < units; u++) {
      let sum = 0;
      for (let i = 0; i < inputs; i++) sum += weights[u * inputs + i]! * v[i]!;
      current[u] = sum;
    }
    // Ties go to the lower index, so the ranking is deterministic.
    order.sort((a, b) => current[b]! - current[a]! || a - b);
    const apply = (u: number, g: number) => {
      for (let i = 0; i < inputs; i++)
        change[u * inputs + i]! += g * (v[i]! - current[u]! * weights[u * inputs + i]!);
    };
    apply(order[0]!, 1);
    if (rank >= 2 && rank <= units) apply(order[rank - 1]!, -anti);
  }
  let largest = 0;
  for (const c of change) largest = Math.max(largest, Math.abs(c));
  if (largest > 0) for (let j = 0; j < change.length; j++) weights[j]! += (rate * change[j]!) / largest;
  return largest;
}
