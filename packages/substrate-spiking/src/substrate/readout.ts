import type { OutputHead } from '@scrutable/core';

/**
 * Neuron labelling, per output head. `label` (Diehl & Cook 2015): every excitatory neuron is assigned to
 * the class (or, for a binary bit, the bit value) for which its mean spike count over the training set
 * is highest. `vote`: each neuron keeps its whole mean-response profile over the classes, normalised to
 * sum 1. A prediction is, per class, the count-weighted sum of the neurons' profiles divided by the
 * class's share of neurons. Real heads take the spike-weighted mean of the targets each neuron
 * responded to. No gradients anywhere.
 */
export interface Readout {
  /** One entry per labelling: class heads give one, binary heads one per bit, real heads one per value. */
  readonly labellings: Labelling[];
}

/** One labelling of the excitatory neurons. */
export interface Labelling {
  /** Output column it writes (first column for a class head). */
  readonly column: number;
  readonly kind: 'class' | 'bit' | 'real';
  /** Classes: head size; bits: 2; real: 1. */
  readonly classes: number;
  /** Class profile per neuron [neurons x classes] (all 0: never fired), or a real value per neuron. */
  readonly assignment: Float64Array;
  /** Value predicted when no labelled neuron fires (real heads: the target mean; others unused). */
  readonly fallback: number;
}

/** Labels neurons from training spike counts [examples x neurons] and targets [examples x outputs]. */
export function fitReadout(
  counts: Float64Array,
  neurons: number,
  targets: Float32Array,
  heads: readonly OutputHead[],
  mode: 'label' | 'vote' = 'label',
): Readout {
  const examples = counts.length / neurons;
  const width = targets.length / examples;
  const labellings: Labelling[] = [];
  let column = 0;
  const label = (col: number, classes: number, target: (r: number) => number, kind: 'class' | 'bit') => {
    const sum = new Float64Array(neurons * classes);
    const seen = new Float64Array(classes);
    for (let r = 0; r < examples; r++) {
      const c = target(r);
      seen[c]!++;
      for (let n = 0; n < neurons; n++) sum[n * classes + c]! += counts[r * neurons + n]!;
    }
    const assignment = new Float64Array(neurons * classes);
    for (let n = 0; n < neurons; n++) {
      let best = -1;
      let bestMean = 0;
      let total = 0;
      for (let c = 0; c < classes; c++) {
        const mean = seen[c]! > 0 ? sum[n * classes + c]! / seen[c]! : 0;
        sum[n * classes + c] = mean;
        total += mean;
        if (mean > bestMean) [best, bestMean] = [c, mean];
      }
      if (best < 0) continue;
      if (mode === 'label') assignment[n * classes + best] = 1;
      else for (let c = 0; c < classes; c++) assignment[n * classes + c] = sum[n * classes + c]! / total;
    }
    labellings.push({ column: col, kind, classes, assignment, fallback: 0 });
  };
  for (const head of heads) {
    if (head.kind === 'class') {
      label(
        column,
        head.size,
        (r) => {
          let best = 0;
          for (let c = 1; c < head.size; c++)
            if (targets[r * width + column + c]! > targets[r * width + column + best]!) best = c;
          return best;
        },
        'class',
      );
    } else if (head.kind === 'binary') {
      for (let b = 0; b < head.size; b++)
        label(column + b, 2, (r) => (targets[r * width + column + b]! > 0.5 ? 1 : 0), 'bit');
    } else {
      for (let b = 0; b < head.size; b++) {
        const assignment = new Float64Array(neurons);
        const weight = new Float64Array(neurons);
        let mean = 0;
        for (let r = 0; r < examples; r++) {
          const y = targets[r * width + column + b]!;
          mean += y / examples;
          for (let n = 0; n < neurons; n++) {
            const k = counts[r * neurons + n]!;
            assignment[n]! += k * y;
            weight[n]! += k;
          }
        }
        for (let n = 0; n < neurons; n++)
          assignment[n] = weight[n]! > 0 ? assignment[n]! / weight[n]! : Number.NaN;
        labellings.push({ column: column + b, kind: 'real', classes: 1, assignment, fallback: mean });
      }
    }
    column += head.size;
  }
  return { labellings };
}

/** Output scores of one example from its excitatory spike counts, written into `out` (one row). */
export function readOut(readout: Readout, counts: ArrayLike<number>, out: Float32Array): void {
  for (const l of readout.labellings) {
    if (l.kind === 'real') {
      let num = 0;
      let den = 0;
      for (let n = 0; n < counts.length; n++) {
        const a = l.assignment[n]!;
        if (Number.isNaN(a)) continue;
        num += counts[n]! * a;
        den += counts[n]!;
      }
      out[l.column] = den > 0 ? num / den : l.fallback;
      continue;
    }
    const sums = new Float64Array(l.classes);
    const members = new Float64Array(l.classes);
    for (let n = 0; n < counts.length; n++) {
      for (let c = 0; c < l.classes; c++) {
        const a = l.assignment[n * l.classes + c]!;
        sums[c]! += counts[n]! * a;
        members[c]! += a;
      }
    }
    let total = 0;
    for (let c = 0; c < l.classes; c++) {
      sums[c] = members[c]! > 0 ? sums[c]! / members[c]! : 0;
      total += sums[c]!;
    }
    // Scores are the shares of the mean counts; with no labelled activity every class scores alike.
    const share = (c: number) => (total > 0 ? sums[c]! / total : 1 / l.classes);
    if (l.kind === 'bit') out[l.column] = share(1);
    else for (let c = 0; c < l.classes; c++) out[l.column + c] = share(c);
  }
}
