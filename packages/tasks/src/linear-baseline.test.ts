import { type LabelledSplit, type Matrix, Rng } from '@scrutable/core';
import { Matrix as MlMatrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { isTrivial, linearBaseline } from './linear-baseline.js';
import { generateTask } from './registry.js';

function split(inputs: number[][], targets: number[][]): LabelledSplit {
  const m = (rows: number[][]): Matrix => ({
    rows: rows.length,
    cols: rows[0]!.length,
    data: Float32Array.from(rows.flat()),
  });
  return { inputs: m(inputs), targets: m(targets), latents: [] };
}

describe('linearBaseline', () => {
  it('reaches 1 on a linearly separable task and chance on XOR', () => {
    const rng = new Rng(0);
    const points = Array.from({ length: 400 }, () => [rng.normal(), rng.normal()]);
    const side = points.map(([x, y]) => [x! + 2 * y! > 0 ? 1 : 0]);
    const xor = points.map(([x, y]) => [x! > 0 !== y! > 0 ? 1 : 0]);
    const heads = [{ name: 'y', kind: 'binary' as const, size: 1 }];
    const make = (t: number[][]) => ({
      heads,
      train: split(points.slice(0, 300), t.slice(0, 300)),
      test: split(points.slice(300), t.slice(300)),
      seed: 0,
    });
    expect(linearBaseline(make(side)).accuracy).toBeGreaterThan(0.97);
    expect(linearBaseline(make(xor)).accuracy).toBeLessThan(0.65);
  });

  it('predicts what an independent least-squares solve of the augmented system predicts', () => {
    // Ridge = least squares on [X; sqrt(λn)·I] against [Y; 0] (QR solve), for standardized X.
    const task = generateTask('teacher', { level: 1, seed: 0 });
    const { strength } = linearBaseline(task);
    const x = task.train.inputs;
    const n = x.rows;
    const d = x.cols;
    const mean = Array.from({ length: d }, (_, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += x.data[i * d + j]!;
      return s / n;
    });
    const sd = Array.from({ length: d }, (_, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x.data[i * d + j]! - mean[j]!) ** 2;
      return Math.sqrt(s / n);
    });
    const k = task.train.targets.cols;
    const yMean = Array.from({ length: k }, (_, c) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += task.train.targets.data[i * k + c]!;
      return s / n;
    });
    const a = new MlMatrix(n + d, d);
    const b = new MlMatrix(n + d, k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) a.set(i, j, (x.data[i * d + j]! - mean[j]!) / sd[j]!);
      for (let c = 0; c < k; c++) b.set(i, c, task.train.targets.data[i * k + c]! - yMean[c]!);
    }
    for (let j = 0; j < d; j++) a.set(n + j, j, Math.sqrt(strength * n));
    const w = solve(a, b);
    const t = task.test.inputs;
    let hits = 0;
    for (let i = 0; i < t.rows; i++) {
      const scores = Array.from({ length: k }, (_, c) => {
        let s = yMean[c]!;
        for (let j = 0; j < d; j++) s += ((t.data[i * d + j]! - mean[j]!) / sd[j]!) * w.get(j, c);
        return s;
      });
      const truth = Array.from(task.test.targets.data.subarray(i * k, (i + 1) * k)).indexOf(1);
      if (scores.indexOf(Math.max(...scores)) === truth) hits++;
    }
    expect(linearBaseline(task).accuracy).toBeCloseTo(hits / t.rows, 10);
  });

  it('flags a level trivial from chance + 0.8 · (1 - chance) on', () => {
    expect(isTrivial(0.5, 0.9)).toBe(true);
    expect(isTrivial(0.5, 0.89)).toBe(false);
    expect(generateTask('shapes', { level: 1, seed: 0 }).trivial).toBe(true);
    expect(generateTask('modadd', { level: 1, seed: 0 }).trivial).toBe(false);
  });
});
