import { Rng } from '@scrutable/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { installMatMulFix, matMulFixInstalled, removeMatMulFix } from './matmul-fix.js';

const backend = await initBackend();

/** Plain-JavaScript batched matMul with broadcasting over one leading batch dimension. */
function referenceMatMul(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): number[] {
  const av = a.dataSync();
  const bv = b.dataSync();
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const batchA = a.rank === 3 ? a.shape[0]! : 1;
  const batchB = b.rank === 3 ? b.shape[0]! : 1;
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const n = transposeB ? br : bc;
  const out: number[] = [];
  for (let t = 0; t < Math.max(batchA, batchB); t++) {
    const aOff = (batchA === 1 ? 0 : t) * ar * ac;
    const bOff = (batchB === 1 ? 0 : t) * br * bc;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) {
          const x = transposeA ? av[aOff + q * ac + i]! : av[aOff + i * ac + q]!;
          const y = transposeB ? bv[bOff + j * bc + q]! : bv[bOff + q * bc + j]!;
          s += x * y;
        }
        out.push(s);
      }
  }
  return out;
}

const CASES: ReadonlyArray<{ a: number[]; b: number[] }> = [
  { a: [5, 7], b: [7, 3] },
  { a: [4, 6, 9], b: [4, 9, 2] },
  { a: [3, 8, 5], b: [1, 5, 6] },
  { a: [1, 2, 33], b: [3, 33, 17] },
];

describe.skipIf(backend !== 'tfjs-wasm')('BatchMatMul transpose-first fix on wasm', () => {
  afterAll(() => installMatMulFix());

  it('is installed by the backend initialisation', () => {
    expect(matMulFixInstalled()).toBe(true);
  });

  it('is bit-identical to the original kernel, and matches a plain reference, for every transpose flag and batch shape', () => {
    const rng = new Rng(11);
    for (const { a: aShape, b: bShape } of CASES) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const swap = (shape: number[], t: boolean) =>
            t ? [...shape.slice(0, -2), shape.at(-1)!, shape.at(-2)!] : shape;
          const sa = swap(aShape, transposeA);
          const sb = swap(bShape, transposeB);
          const a = tf.tensor(
            Float32Array.from({ length: sa.reduce((x, y) => x * y) }, () => rng.normal()),
            sa,
          );
          const b = tf.tensor(
            Float32Array.from({ length: sb.reduce((x, y) => x * y) }, () => rng.normal()),
            sb,
          );
          removeMatMulFix();
          const original = tf.matMul(a, b, transposeA, transposeB);
          installMatMulFix();
          const dataIdsBefore = tf.engine().backend.numDataIds();
          const fixed = tf.matMul(a, b, transposeA, transposeB);
          // The explicit transposes are freed inside the kernel: only the output is new.
          expect(tf.engine().backend.numDataIds()).toBe(dataIdsBefore + 1);
          expect(fixed.shape).toEqual(original.shape);
          const reference = referenceMatMul(a, b, transposeA, transposeB);
          const f = fixed.dataSync();
          const o = original.dataSync();
          for (let i = 0; i < reference.length; i++) {
            expect(f[i]).toBe(o[i]);
            expect(Math.abs(f[i]! - reference[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(reference[i]!)));
          }
          tf.dispose([a, b, original, fixed]);
        }
      }
    }
  });

  it('gives bit-identical gradients through backprop to the original kernel', () => {
    const rng = new Rng(12);
    const x = tf.tensor2d(
      Float32Array.from({ length: 6 * 10 }, () => rng.normal()),
      [6, 10],
    );
    const w = tf.variable(
      tf.tensor2d(
        Float32Array.from({ length: 10 * 4 }, () => rng.normal()),
        [10, 4],
      ),
    );
    const gradient = () =>
      tf.tidy(() => tf.variableGrads(() => tf.sum(tf.square(tf.matMul(x, w)))).grads[w.name]!.dataSync());
    removeMatMulFix();
    const original = gradient();
    installMatMulFix();
    const fixed = gradient();
    fixed.forEach((v, i) => {
      expect(v).toBe(original[i]);
    });
    tf.dispose([x, w]);
  });
});
