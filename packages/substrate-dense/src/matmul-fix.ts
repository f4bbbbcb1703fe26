import * as tf from '@tensorflow/tfjs';

type KernelFunc = tf.KernelConfig['kernelFunc'];
type KernelArgs = Parameters<KernelFunc>[0];
interface Backend {
  disposeData(dataId: object): void;
}

/** The wasm kernel as the backend registered it, kept so the fix can be removed again. */
let original: tf.KernelConfig | undefined;

/**
 * On the wasm backend, BatchMatMul with a transpose flag is several times slower than an explicit
 * Transpose followed by a plain BatchMatMul, and backprop asks for transposes on every step. This
 * re-registers the kernel so it transposes explicitly first. Idempotent; a no-op off wasm.
 */
export function installMatMulFix(): void {
  if (original || !tf.getKernel(tf.BatchMatMul, 'wasm')) return;
  const plain = tf.getKernel(tf.BatchMatMul, 'wasm')!;
  const transpose = tf.getKernel(tf.Transpose, 'wasm')!;
  original = plain;
  tf.unregisterKernel(tf.BatchMatMul, 'wasm');
  tf.registerKernel({ ...plain, kernelFunc: transposeFirst(plain.kernelFunc, transpose.kernelFunc) });
}

/** Restores the backend's own BatchMatMul kernel (for comparing the two). */
export function removeMatMulFix(): void {
  if (!original) return;
  tf.unregisterKernel(tf.BatchMatMul, 'wasm');
  tf.registerKernel(original);
  original = undefined;
}

/** True while the fixed kernel is registered. */
export function matMulFixInstalled(): boolean {
  return original !== undefined;
}

function transposeFirst(batchMatMul: KernelFunc, transpose: KernelFunc): KernelFunc {
  return (args: KernelArgs) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return batchMatMul(args);
    const backend = args.backend as unknown as Backend;
    const swapLast = (x: tf.TensorInfo): tf.TensorInfo => {
      const perm = x.shape.map((_, i) => i);
      const n = perm.length;
      [perm[n - 2], perm[n - 1]] = [n - 1, n - 2];
      return transpose({ inputs: { x }, backend: args.backend, attrs: { perm } }) as tf.TensorInfo;
    };
    const aT = transposeA ? swapLast(a) : a;
    const bT = transposeB ? swapLast(b) : b;
    const out = batchMatMul({
      inputs: { a: aT, b: bT },
      backend: args.backend,
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    });
    if (aT !== a) backend.disposeData(aT.dataId);
    if (bT !== b) backend.disposeData(bT.dataId);
    return out;
  };
}
