import { type Dataset, matrix, Rng } from '@scrutable/core';

/** An MNIST-shaped random classification set: uniform [0, 1) pixels, one-hot labels. */
export function randomImages(rows: number, width: number, classes: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const inputs = matrix(
    rows,
    width,
    Float32Array.from({ length: rows * width }, () => rng.float()),
  );
  const targets = matrix(rows, classes);
  for (let r = 0; r < rows; r++) targets.data[r * classes + rng.int(classes)] = 1;
  return {
    name: `random-${width}x${classes}`,
    inputNames: Array.from({ length: width }, (_, i) => `x${i}`),
    heads: [{ name: 'class', kind: 'class', size: classes }],
    train: { inputs, targets },
    test: { inputs, targets },
  };
}
