import { check, type Matrix, type ParameterView, type Substrate } from '@scrutable/core';

/** One affine map of a feed-forward network: y = W·x + b, W row-major [rows = outputs x cols = inputs]. */
export interface AffineLayer {
  readonly rows: number;
  readonly cols: number;
  readonly weights: Float64Array;
  readonly biases: Float64Array;
}

/** A feed-forward network read from a source: ReLU after every layer but the last (the linear readout). */
export interface ReluChain {
  readonly layers: readonly AffineLayer[];
}

/**
 * States agree with the chain's own forward pass within this fraction of the site's largest magnitude
 * (the source computes in float32).
 */
const AGREEMENT_TOLERANCE = 1e-3;

/**
 * Reads a fitted source's parameter views as a feed-forward chain and checks, on `probe` inputs, that
 * the source computes exactly that chain with ReLU between layers: each pre-activation site the chain
 * writes must equal W·(previous) + b, and each site the next matrix reads must equal ReLU of it. A
 * source whose hidden units are not the ReLU of its pre-activations (another nonlinearity, or a basis
 * turned after the nonlinearity) is rejected with BAD_INPUT naming the site, rather than converted wrongly.
 */
export async function readReluChain(source: Substrate, probe: Matrix): Promise<ReluChain> {
  const id = source.info.id;
  check(
    source.capabilities.has('parameters') && source.capabilities.has('observe'),
    `spiking-converted: source '${id}' must expose parameters and observe`,
  );
  const views = source.parameters();
  const matrices = views.filter((v) => v.from !== undefined);
  check(matrices.length >= 2, `spiking-converted: source '${id}' has no hidden layer to convert`);
  check(
    matrices[0]!.from === 'input',
    `spiking-converted: the first weight matrix of '${id}' must read 'input'`,
  );
  const layers = matrices.map((m, i): AffineLayer => {
    check(
      m.cols === (i === 0 ? source.inputWidth : matrices[i - 1]!.rows),
      `spiking-converted: '${m.name}' (${m.rows}x${m.cols}) does not continue a feed-forward chain`,
    );
    const bias = views.find(
      (v) => v.from === undefined && v.to === m.to && v.rows === m.rows && v.cols === 1,
    );
    return {
      rows: m.rows,
      cols: m.cols,
      weights: Float64Array.from(m.read()),
      biases: bias ? Float64Array.from(bias.read()) : new Float64Array(m.rows),
    };
  });
  await verifyRelu(source, matrices, layers, probe);
  return { layers };
}

async function verifyRelu(
  source: Substrate,
  matrices: readonly ParameterView[],
  layers: readonly AffineLayer[],
  probe: Matrix,
): Promise<void> {
  const sites = new Set<string>();
  matrices.forEach((m, i) => {
    sites.add(m.to);
    if (i > 0) sites.add(m.from!);
  });
  const known = new Set(source.units().map((g) => g.site));
  for (const site of sites)
    check(known.has(site), `spiking-converted: source '${source.info.id}' has no readable site '${site}'`);
  const { states } = await source.observe(probe, { sites: [...sites] });
  let input = Float64Array.from(probe.data);
  let cols = probe.cols;
  layers.forEach((layer, i) => {
    const pre = affine(layer, input, probe.rows, cols);
    expectClose(states[matrices[i]!.to]!, pre, `'${matrices[i]!.to}' = ${matrices[i]!.name}·x + b`);
    if (i === layers.length - 1) return;
    const post = pre.map((x) => Math.max(0, x));
    expectClose(
      states[matrices[i + 1]!.from!]!,
      post,
      `'${matrices[i + 1]!.from}' = ReLU('${matrices[i]!.to}')`,
    );
    input = post;
    cols = layer.rows;
  });
}

/** W·x + b for each of `rows` examples (x row-major [rows x cols]). */
export function affine(layer: AffineLayer, x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * layer.rows);
  for (let e = 0; e < rows; e++)
    for (let i = 0; i < layer.rows; i++) {
      let sum = layer.biases[i]!;
      for (let j = 0; j < cols; j++) sum += layer.weights[i * cols + j]! * x[e * cols + j]!;
      out[e * layer.rows + i] = sum;
    }
  return out;
}

function expectClose(observed: Matrix, computed: Float64Array, what: string): void {
  let scale = 1e-6;
  for (const x of computed) scale = Math.max(scale, Math.abs(x));
  let worst = 0;
  for (let k = 0; k < computed.length; k++)
    worst = Math.max(worst, Math.abs(observed.data[k]! - computed[k]!));
  check(
    observed.data.length === computed.length && worst <= AGREEMENT_TOLERANCE * scale,
    `spiking-converted: the source is not a feed-forward ReLU network: ${what} fails (largest difference ${worst.toPrecision(3)} of ${scale.toPrecision(3)})`,
  );
}
