import { ScrutableError } from './errors.js';

/** A dense row-major matrix of float32: examples x features, or to-units x from-units for weights. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** rows * cols values, row-major. */
  readonly data: Float32Array;
}

/** A matrix of the given shape, zero-filled or wrapping `data` (not copied). */
export function matrix(rows: number, cols: number, data?: Float32Array | readonly number[]): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new ScrutableError('BAD_INPUT', `matrix shape must be non-negative integers, got ${rows}x${cols}`);
  }
  const values =
    data === undefined
      ? new Float32Array(rows * cols)
      : data instanceof Float32Array
        ? data
        : Float32Array.from(data);
  if (values.length !== rows * cols) {
    throw new ScrutableError(
      'BAD_INPUT',
      `matrix ${rows}x${cols} needs ${rows * cols} values, got ${values.length}`,
    );
  }
  return { rows, cols, data: values };
}

/** Stacks equal-length rows into a matrix. */
export function fromRows(rowsIn: ReadonlyArray<ArrayLike<number>>, cols?: number): Matrix {
  const width = cols ?? rowsIn[0]?.length ?? 0;
  const out = new Float32Array(rowsIn.length * width);
  rowsIn.forEach((r, i) => {
    if (r.length !== width)
      throw new ScrutableError('BAD_INPUT', `row ${i} has ${r.length} values, expected ${width}`);
    out.set(r, i * width);
  });
  return { rows: rowsIn.length, cols: width, data: out };
}

/** A view of row i (shares memory). */
export function row(m: Matrix, i: number): Float32Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Value at (i, j). */
export function at(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j]!;
}

/** A new matrix holding the listed rows, in that order. */
export function takeRows(m: Matrix, indices: readonly number[]): Matrix {
  const out = new Float32Array(indices.length * m.cols);
  indices.forEach((r, i) => {
    out.set(row(m, r), i * m.cols);
  });
  return { rows: indices.length, cols: m.cols, data: out };
}

/** A new matrix holding the listed columns, in that order. */
export function takeCols(m: Matrix, indices: readonly number[]): Matrix {
  const out = new Float32Array(m.rows * indices.length);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < indices.length; c++) out[r * indices.length + c] = m.data[r * m.cols + indices[c]!]!;
  }
  return { rows: m.rows, cols: indices.length, data: out };
}

/** One column as a new array. */
export function column(m: Matrix, j: number): Float32Array {
  const out = new Float32Array(m.rows);
  for (let r = 0; r < m.rows; r++) out[r] = m.data[r * m.cols + j]!;
  return out;
}

/** A deep copy. */
export function cloneMatrix(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.slice() };
}

/** Largest absolute elementwise difference; Infinity when shapes differ. */
export function maxAbsDiff(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i]! - b.data[i]!);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return worst;
}

/** Index of the largest value in row i between columns [start, start + width). */
export function argmaxRow(m: Matrix, i: number, start = 0, width = m.cols - start): number {
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < width; j++) {
    const v = m.data[i * m.cols + start + j]!;
    if (v > bestValue) [best, bestValue] = [j, v];
  }
  return best;
}
