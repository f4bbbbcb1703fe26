import { type Dataset, matrix, Rng } from '@scrutable/core';

/**
 * A small dataset every substrate can fit in well under a second: 8 random bits; a class head
 * `y` = (x0 AND x1) OR x2, and a binary head `x3xorx4`. Exercises multi-head outputs.
 */
export function conformanceDataset(seed = 7, trainRows = 192, testRows = 64): Dataset {
  const rng = new Rng(seed);
  const width = 8;
  const split = (rows: number) => {
    const inputs = matrix(rows, width);
    const targets = matrix(rows, 3);
    for (let r = 0; r < rows; r++) {
      const x = Array.from({ length: width }, () => (rng.bernoulli(0.5) ? 1 : 0));
      inputs.data.set(x, r * width);
      const y = (x[0]! & x[1]!) | x[2]!;
      targets.data[r * 3 + y] = 1;
      targets.data[r * 3 + 2] = x[3]! ^ x[4]!;
    }
    return { inputs, targets };
  };
  return {
    name: 'conformance',
    inputNames: Array.from({ length: width }, (_, i) => `x${i}`),
    heads: [
      { name: 'y', kind: 'class', size: 2 },
      { name: 'x3xorx4', kind: 'binary', size: 1 },
    ],
    train: split(trainRows),
    test: split(testRows),
  };
}
