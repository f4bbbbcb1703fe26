import { accuracy, type Matrix, matrix, type OutputHead, Rng } from '@scrutable/core';
import { Matrix as MlMatrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { loadTrainedReadout, saveTrainedReadout } from './saved-readout.js';
import { applyTrainedReadout, fitTrainedReadout } from './trained-readout.js';

/** Random states [rows x d] with one real target y = x·w + noise. */
function regression(rows: number, d: number, seed: number) {
  const rng = new Rng(seed);
  const states = matrix(rows, d);
  const targets = matrix(rows, 1);
  const w = Array.from({ length: d }, () => rng.normal());
  for (let r = 0; r < rows; r++) {
    let y = 0.5;
    for (let j = 0; j < d; j++) {
      const x = rng.normal() * (j + 1);
      states.data[r * d + j] = x;
      y += w[j]! * x;
    }
    targets.data[r] = y + 0.1 * rng.normal();
  }
  return { states, targets };
}

describe('trained readout', () => {
  it('a real head converges to the closed-form ridge solution', () => {
    const { states, targets } = regression(80, 5, 3);
    const lambda = 0.05;
    const { readout } = fitTrainedReadout(states, targets, [{ name: 'y', kind: 'real', size: 1 }], {
      seed: 1,
      lambdas: [lambda],
      steps: 4000,
      learningRate: 0.01,
    });
    // Closed form on the standardised states: (XᵀX/n + λI) w = Xᵀ(y − ȳ)/n, bias = ȳ.
    const n = states.rows;
    const d = states.cols;
    const x = new MlMatrix(n, d);
    for (let j = 0; j < d; j++) {
      let mean = 0;
      for (let r = 0; r < n; r++) mean += states.data[r * d + j]! / n;
      let sq = 0;
      for (let r = 0; r < n; r++) sq += (states.data[r * d + j]! - mean) ** 2 / n;
      for (let r = 0; r < n; r++) x.set(r, j, (states.data[r * d + j]! - mean) / Math.sqrt(sq));
    }
    const yMean = targets.data.reduce((a, b) => a + b, 0) / n;
    const y = new MlMatrix(n, 1);
    for (let r = 0; r < n; r++) y.set(r, 0, targets.data[r]! - yMean);
    const a = x.transpose().mmul(x).div(n).add(MlMatrix.eye(d).mul(lambda));
    const w = solve(a, x.transpose().mmul(y).div(n));
    for (let j = 0; j < d; j++) expect(readout.weights[j]).toBeCloseTo(w.get(j, 0), 3);
    expect(readout.bias[0]).toBeCloseTo(yMean, 3);
  });

  it('separates planted classes and bits, and keeps class scores a distribution', () => {
    const rng = new Rng(5);
    const rows = 200;
    const states = matrix(rows, 6);
    const targets = matrix(rows, 4);
    for (let r = 0; r < rows; r++) {
      const c = rng.int(3);
      const bit = rng.bernoulli(0.5) ? 1 : 0;
      for (let j = 0; j < 6; j++) states.data[r * 6 + j] = rng.normal() * 0.3;
      states.data[r * 6 + c]! += 2;
      states.data[r * 6 + 5]! += bit ? 1 : -1;
      targets.data[r * 4 + c] = 1;
      targets.data[r * 4 + 3] = bit;
    }
    const heads = [
      { name: 'c', kind: 'class', size: 3 },
      { name: 'b', kind: 'binary', size: 1 },
    ] as const;
    const fit = fitTrainedReadout(states, targets, heads, { seed: 2 });
    expect(fit.validation).toHaveLength(5);
    const outputs = applyTrainedReadout(fit.readout, states);
    expect(accuracy(outputs, targets, heads)).toBeGreaterThan(0.97);
    for (let r = 0; r < rows; r++) {
      const sum = outputs.data[r * 4]! + outputs.data[r * 4 + 1]! + outputs.data[r * 4 + 2]!;
      expect(sum).toBeCloseTo(1, 5);
      expect(outputs.data[r * 4 + 3]).toBeGreaterThanOrEqual(0);
      expect(outputs.data[r * 4 + 3]).toBeLessThanOrEqual(1);
    }
  });

  it('is deterministic and survives a save/load round trip exactly', () => {
    const { states, targets } = regression(40, 3, 9);
    const heads = [{ name: 'y', kind: 'real', size: 1 }] as const;
    const a = fitTrainedReadout(states, targets, heads, { seed: 4, steps: 50 });
    const b = fitTrainedReadout(states, targets, heads, { seed: 4, steps: 50 });
    expect(b.readout).toEqual(a.readout);
    const loaded = loadTrainedReadout(JSON.parse(JSON.stringify(saveTrainedReadout(a.readout))), heads, 3);
    expect(applyTrainedReadout(loaded, states).data).toEqual(applyTrainedReadout(a.readout, states).data);
    expect(() => loadTrainedReadout(saveTrainedReadout(a.readout), heads, 4)).toThrow(/means and scales/);
  });

  it('trains bit for bit as plain loops over every column and row do, dead columns included', () => {
    // Spike-count-like states: a third of the columns never vary (neurons that never fire).
    const rng = new Rng(11);
    const [rows, d] = [37, 12];
    const heads = [
      { name: 'c', kind: 'class', size: 3 },
      { name: 'b', kind: 'binary', size: 1 },
      { name: 'r', kind: 'real', size: 1 },
    ] as const;
    const states = matrix(rows, d);
    const targets = matrix(rows, 5);
    for (let r = 0; r < rows; r++) {
      const c = rng.int(3);
      for (let j = 0; j < d; j++)
        states.data[r * d + j] = j % 3 === 0 ? 4 : rng.int(6) + (j % 3 === c ? 2 : 0);
      targets.data[r * 5 + c] = 1;
      targets.data[r * 5 + 3] = rng.bernoulli(0.5) ? 1 : 0;
      targets.data[r * 5 + 4] = rng.normal();
    }
    const lambda = 0.1;
    const { readout } = fitTrainedReadout(states, targets, heads, { seed: 3, lambdas: [lambda], steps: 40 });
    const plain = plainAdam(states, targets, heads, lambda, 40);
    expect(Array.from(readout.weights)).toEqual(Array.from(Float32Array.from(plain.weights)));
    expect(Array.from(readout.bias)).toEqual(Array.from(Float32Array.from(plain.bias)));
  });

  it('refuses mismatched inputs', () => {
    const { states, targets } = regression(10, 3, 1);
    const heads = [{ name: 'y', kind: 'real', size: 1 }] as const;
    expect(() => fitTrainedReadout(states, matrix(9, 1), heads, { seed: 1 })).toThrow(/same rows/);
    expect(() => fitTrainedReadout(states, targets, heads, { seed: 1, lambdas: [] })).toThrow(/lambdas/);
    const { readout } = fitTrainedReadout(states, targets, heads, { seed: 1, steps: 5 });
    expect(() => applyTrainedReadout(readout, matrix(2, 4))).toThrow(/3 state columns/);
  });
});

/**
 * The reference: full-batch Adam from zero on every row, written as plain loops over rows, outputs
 * and every column (constant ones too), with the loss gradient (link(z) − y)·x/n + λW.
 */
function plainAdam(
  states: Matrix,
  targets: Matrix,
  heads: readonly OutputHead[],
  lambda: number,
  steps: number,
): { weights: Float64Array; bias: Float64Array } {
  const [n, d, width] = [states.rows, states.cols, targets.cols];
  const mean = new Float64Array(d);
  const square = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += states.data[i * d + j]! / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) square[j]! += (states.data[i * d + j]! - mean[j]!) ** 2 / n;
  const scale = square.map((s) => (s > 1e-12 ? 1 / Math.sqrt(s) : 0));
  const x = Float64Array.from(states.data, (v, at) => (v - mean[at % d]!) * scale[at % d]!);
  const params = new Float64Array(d * width + width);
  const [moment, velocity, grad] = [0, 1, 2].map(() => new Float64Array(params.length)) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  for (let step = 1; step <= steps; step++) {
    const z = new Float64Array(n * width);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < width; k++) {
        z[i * width + k] = params[d * width + k]!;
        for (let j = 0; j < d; j++) z[i * width + k]! += x[i * d + j]! * params[j * width + k]!;
      }
    for (let i = 0; i < n; i++) {
      let at = i * width;
      for (const head of heads) {
        const part = z.subarray(at, at + head.size);
        if (head.kind === 'class') {
          const max = Math.max(...part);
          let sum = 0;
          for (let k = 0; k < part.length; k++) sum += part[k] = Math.exp(part[k]! - max);
          for (let k = 0; k < part.length; k++) part[k]! /= sum;
        } else if (head.kind === 'binary')
          for (let k = 0; k < part.length; k++) part[k] = 1 / (1 + Math.exp(-part[k]!));
        at += head.size;
      }
    }
    grad.fill(0);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < width; k++) {
        const g = (z[i * width + k]! - targets.data[i * width + k]!) / n;
        grad[d * width + k]! += g;
        for (let j = 0; j < d; j++) grad[j * width + k]! += x[i * d + j]! * g;
      }
    for (let j = 0; j < d * width; j++) grad[j]! += lambda * params[j]!;
    for (let j = 0; j < params.length; j++) {
      moment[j] = 0.9 * moment[j]! + 0.1 * grad[j]!;
      velocity[j] = 0.999 * velocity[j]! + (1 - 0.999) * grad[j]! ** 2;
      params[j]! -=
        (0.05 * moment[j]!) / (1 - 0.9 ** step) / (Math.sqrt(velocity[j]! / (1 - 0.999 ** step)) + 1e-8);
    }
  }
  return { weights: params.slice(0, d * width), bias: params.slice(d * width) };
}
