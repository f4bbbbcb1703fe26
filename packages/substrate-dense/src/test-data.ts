import { type Dataset, matrix, type OutputHead, Rng } from '@scrutable/core';

/**
 * A small planted dataset for tests: `width` random bits; a class head (parity of bits 0 and 1), a
 * binary head (bit 2 AND bit 3) and a real head (bit 0 + bit 2 - bit 4, needs width >= 5).
 */
export function plantedDataset(rows: number, width: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const heads: OutputHead[] = [
    { name: 'parity', kind: 'class', size: 2 },
    { name: 'and', kind: 'binary', size: 1 },
    { name: 'sum', kind: 'real', size: 1 },
  ];
  const split = (n: number) => {
    const inputs = matrix(n, width);
    const targets = matrix(n, 4);
    for (let r = 0; r < n; r++) {
      const x = inputs.data.subarray(r * width, (r + 1) * width);
      for (let j = 0; j < width; j++) x[j] = rng.int(2);
      const t = targets.data.subarray(r * 4, r * 4 + 4);
      t[(x[0]! + x[1]!) % 2] = 1;
      t[2] = x[2]! * x[3]!;
      t[3] = x[0]! + x[2]! - x[4]!;
    }
    return { inputs, targets };
  };
  return {
    name: `planted-${width}`,
    inputNames: Array.from({ length: width }, (_, j) => `x${j}`),
    heads,
    train: split(rows),
    test: split(Math.max(1, rows >> 2)),
  };
}
