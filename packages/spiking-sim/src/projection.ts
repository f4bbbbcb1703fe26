import { check, type Rng } from '@scrutable/core';
import { GeometricGaps } from './geometric.js';
import { type StdpRule, stdpRule } from './params.js';
import { SynapseBuffer } from './synapse-buffer.js';

/** A named group of neurons: LIF neurons, or spike sources (Poisson generators / injected spikes). */
export interface Population {
  readonly name: string;
  readonly kind: 'lif' | 'source';
  /** Global index of the first neuron. */
  readonly offset: number;
  readonly size: number;
}

/** A weighted, delayed connection from one population to another. */
export interface Projection {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** The STDP rule, or null for fixed weights. */
  readonly stdp: StdpRule | null;
}

/** A value per (pre, post) pair, constant or drawn from the network's seeded generator. */
export type SynapseValue = number | ((pre: number, post: number, rng: Rng) => number);

/** How `connect` draws synapses between two populations. */
export interface ConnectOptions {
  /** Weight (mV: the voltage jump, or the jump of the synaptic current). */
  readonly weight: SynapseValue;
  /** Axonal delay (ms, >= 0); default 1. */
  readonly delayMs?: SynapseValue;
  /** Each pair is connected with this probability (default 1: all-to-all). */
  readonly probability?: number;
  /** Connect pre i to post i only (populations of equal size). */
  readonly oneToOne?: boolean;
  /** Allow i -> i when a population connects to itself (default false). */
  readonly allowSelf?: boolean;
  /** Makes the projection plastic with this rule (missing fields take DEFAULT_STDP). */
  readonly stdp?: Partial<StdpRule>;
}

/** Explicit synapses, parallel arrays of local pre index, local post index, weight and delay. */
export interface SynapseList {
  readonly pre: ArrayLike<number>;
  readonly post: ArrayLike<number>;
  readonly weights: ArrayLike<number>;
  readonly delaysMs: ArrayLike<number>;
}

/**
 * A projection's synapses before compile: local pre and post indices, weights (mV), delays (ms). One
 * delay for all (a number) also says the synapses are in (pre, post) order, as a connection rule draws them.
 */
export interface PendingSynapses {
  pre: Int32Array;
  post: Int32Array;
  w: Float64Array;
  d: Float64Array | number;
}

/** A projection with its synapses, delivery groups and STDP state, as the simulator keeps it. */
export interface ProjectionData extends Projection {
  readonly fromPop: Population;
  readonly toPop: Population;
  /** Index of the target population (set at compile). */
  toPopId: number;
  // Before compile: synapses as plain arrays.
  pending: PendingSynapses | null;
  // After compile: synapses sorted by (pre, delay, post), 10 or 12 bytes each. Their pre neurons and delays
  // are not kept per synapse: a row pointer and the delivery groups' delays say the same.
  /** Pre neuron i owns synapses preStart[i] .. preStart[i+1] - 1. */
  preStart: Int32Array;
  /** Global post index per synapse; 16 bits when every index fits, which halves what deliveries read. */
  post: Int32Array | Uint16Array;
  weight: Float64Array;
  /** The weight all synapses share (NaN when they differ, or when STDP may change them): deliveries skip reading it. */
  sharedWeight: number;
  /** Pre neuron i owns delivery groups groupPtr[i] .. groupPtr[i+1] - 1 (global group ids). */
  groupPtr: Int32Array;
  // STDP state (plastic projections only). Traces are stored as x·e^((t − R)/τ), which free decay
  // leaves unchanged, so reading one costs a division by a factor computed once per event.
  /** Pre trace per delivery group (its synapses share pre neuron and delay, so their arrivals). */
  preTrace: Float64Array;
  /** Local delivery group of each incoming synapse, in `inSyn` order (read sequentially on post spikes). */
  inGroup: Int32Array;
  postTrace: Float64Array;
  /** Trace reference time R (ms). */
  traceReference: number;
  /** Incoming synapses of post neuron j: inSyn[inPtr[j] .. inPtr[j+1] - 1]. */
  inPtr: Int32Array;
  inSyn: Int32Array;
}

/** Delivery groups collected at compile, parallel arrays: projection, first and end synapse, delay. */
export interface DeliveryGroups {
  proj: number[];
  start: number[];
  end: number[];
  delay: number[];
}

/** A new projection over checked pending synapses, which it takes ownership of. */
export function newProjection(
  fromPop: Population,
  toPop: Population,
  pending: PendingSynapses,
  stdp: Partial<StdpRule> | undefined,
): ProjectionData {
  const empty32 = new Int32Array(0);
  const empty64 = new Float64Array(0);
  return {
    name: `${fromPop.name}->${toPop.name}`,
    from: fromPop.name,
    to: toPop.name,
    stdp: stdp ? stdpRule(stdp) : null,
    fromPop,
    toPop,
    toPopId: -1,
    pending,
    preStart: empty32,
    post: empty32,
    weight: empty64,
    sharedWeight: Number.NaN,
    groupPtr: empty32,
    preTrace: empty64,
    inGroup: empty32,
    postTrace: empty64,
    traceReference: 0,
    inPtr: empty32,
    inSyn: empty32,
  };
}

/** Draws the synapses `connect` asks for between two populations, checking every value. */
export function drawSynapses(
  src: Population,
  dst: Population,
  options: ConnectOptions,
  rng: Rng,
): PendingSynapses {
  const probability = options.probability ?? 1;
  check(probability >= 0 && probability <= 1, `connection probability must be in [0, 1], got ${probability}`);
  if (options.oneToOne)
    check(src.size === dst.size, `one-to-one needs equal sizes, got ${src.size} and ${dst.size}`);
  const excludeSelf = src === dst && !(options.allowSelf ?? false);
  const { pre, post } = connectedPairs(
    src.size,
    dst.size,
    options.oneToOne ?? false,
    probability,
    excludeSelf,
    rng,
  );
  const m = pre.length;
  const w = new Float64Array(m);
  const weight = options.weight;
  const delay = options.delayMs ?? 1;
  // Constant values are checked once (a weight filled, a delay kept as is); drawn ones are drawn per
  // synapse, weight first, then delay: the order in which they consume the generator.
  if (typeof weight === 'number') {
    check(Number.isFinite(weight), `weight must be finite, got ${weight}`);
    w.fill(weight);
  }
  if (typeof delay === 'number')
    check(Number.isFinite(delay) && delay >= 0, `delay must be finite and >= 0, got ${delay}`);
  const d = typeof delay === 'number' ? delay : new Float64Array(m);
  if (typeof weight !== 'number' || typeof delay !== 'number') {
    for (let k = 0; k < m; k++) {
      const i = pre[k]!;
      const j = post[k]!;
      if (typeof weight !== 'number') {
        const wij = weight(i, j, rng);
        // Messages are built only on failure: this loop runs once per synapse.
        if (!Number.isFinite(wij)) check(false, `synapse ${i}->${j}: weight must be finite, got ${wij}`);
        w[k] = wij;
      }
      if (typeof delay !== 'number' && typeof d !== 'number') {
        const dij = delay(i, j, rng);
        if (!(Number.isFinite(dij) && dij >= 0))
          check(false, `synapse ${i}->${j}: delay must be finite and >= 0, got ${dij}`);
        d[k] = dij;
      }
    }
  }
  return { pre, post, w, d };
}

/** Checks an explicit synapse list between two populations and copies it. */
export function listedSynapses(src: Population, dst: Population, synapses: SynapseList): PendingSynapses {
  const n = synapses.pre.length;
  check(
    synapses.post.length === n && synapses.weights.length === n && synapses.delaysMs.length === n,
    'synapse lists must have equal lengths',
  );
  for (let k = 0; k < n; k++) {
    const i = synapses.pre[k]!;
    const j = synapses.post[k]!;
    const weight = synapses.weights[k]!;
    const delay = synapses.delaysMs[k]!;
    // Messages are built only on failure: this loop runs once per synapse.
    if (!(Number.isInteger(i) && i >= 0 && i < src.size))
      check(false, `pre index ${i} outside '${src.name}'`);
    if (!(Number.isInteger(j) && j >= 0 && j < dst.size))
      check(false, `post index ${j} outside '${dst.name}'`);
    if (!Number.isFinite(weight)) check(false, `synapse ${i}->${j}: weight must be finite, got ${weight}`);
    if (!(Number.isFinite(delay) && delay >= 0))
      check(false, `synapse ${i}->${j}: delay must be finite and >= 0, got ${delay}`);
  }
  return {
    pre: new Int32Array(synapses.pre),
    post: new Int32Array(synapses.post),
    w: new Float64Array(synapses.weights),
    d: new Float64Array(synapses.delaysMs),
  };
}

/**
 * Sorts a projection's pending synapses by (pre, delay, post) into CSR arrays (post as global
 * indices below `total`), appends its delivery groups (one per pre neuron and delay; `id` is the
 * projection's index) to `groups`, and for a plastic projection builds the traces and the incoming index.
 */
export function compileProjection(
  p: ProjectionData,
  id: number,
  groups: DeliveryGroups,
  total: number,
): void {
  const src = p.pending!;
  const m = src.pre.length;
  // Typed arrays in locals: these loops run once per synapse.
  const pre = src.pre;
  const post = src.post;
  const d = src.d;
  const offset = p.toPop.offset;
  const targets = total <= 1 << 16 ? new Uint16Array(m) : new Int32Array(m);
  let preLocal = pre;
  let delay = d;
  // Rule-drawn synapses (one delay) and most listed ones are already in order: no sort.
  if (typeof d === 'number' || inOrder(pre, d, post)) {
    for (let s = 0; s < m; s++) targets[s] = post[s]! + offset;
    p.weight = src.w;
  } else {
    const order = new Int32Array(m);
    for (let k = 0; k < m; k++) order[k] = k;
    order.sort((a, b) => pre[a]! - pre[b]! || d[a]! - d[b]! || post[a]! - post[b]!);
    preLocal = new Int32Array(m);
    const sortedDelay = new Float64Array(m);
    p.weight = new Float64Array(m);
    for (let s = 0; s < m; s++) {
      const k = order[s]!;
      preLocal[s] = pre[k]!;
      targets[s] = offset + post[k]!;
      p.weight[s] = src.w[k]!;
      sortedDelay[s] = d[k]!;
    }
    delay = sortedDelay;
  }
  p.post = targets;
  p.pending = null;
  updateSharedWeight(p);
  p.preStart = new Int32Array(p.fromPop.size + 1);
  p.groupPtr = new Int32Array(p.fromPop.size + 1);
  let k = 0;
  for (let i = 0; i < p.fromPop.size; i++) {
    p.preStart[i] = k;
    p.groupPtr[i] = groups.proj.length;
    while (k < m && preLocal[k] === i) {
      const groupDelay = typeof delay === 'number' ? delay : delay[k]!;
      let end = k + 1;
      while (end < m && preLocal[end] === i && (typeof delay === 'number' || delay[end] === groupDelay))
        end++;
      groups.proj.push(id);
      groups.start.push(k);
      groups.end.push(end);
      groups.delay.push(groupDelay);
      k = end;
    }
  }
  p.preStart[p.fromPop.size] = m;
  p.groupPtr[p.fromPop.size] = groups.proj.length;
  if (!p.stdp) return;
  const firstGroup = p.groupPtr[0]!;
  p.preTrace = new Float64Array(groups.proj.length - firstGroup);
  const synGroup = new Int32Array(m);
  for (let g = firstGroup; g < groups.proj.length; g++)
    for (let s = groups.start[g]!; s < groups.end[g]!; s++) synGroup[s] = g - firstGroup;
  p.postTrace = new Float64Array(p.toPop.size);
  p.inPtr = new Int32Array(p.toPop.size + 1);
  for (let s = 0; s < m; s++) p.inPtr[p.post[s]! - p.toPop.offset + 1]!++;
  for (let j = 0; j < p.toPop.size; j++) p.inPtr[j + 1]! += p.inPtr[j]!;
  const fill = p.inPtr.slice(0, p.toPop.size);
  p.inSyn = new Int32Array(m);
  for (let s = 0; s < m; s++) p.inSyn[fill[p.post[s]! - p.toPop.offset]!++] = s;
  p.inGroup = Int32Array.from(p.inSyn, (k) => synGroup[k]!);
}

/** Whether synapses listed with these pre indices, delays and post indices are in (pre, delay, post) order. */
function inOrder(pre: Int32Array, d: Float64Array, post: Int32Array): boolean {
  for (let k = 1; k < pre.length; k++) {
    const dp = pre[k - 1]! - pre[k]!;
    if (dp < 0) continue;
    const dd = d[k - 1]! - d[k]!;
    if (dp > 0 || dd > 0 || (dd === 0 && post[k - 1]! > post[k]!)) return false;
  }
  return true;
}

/** A compiled projection's weights as a dense [post x pre] matrix, row-major; 0 where there is no synapse. */
export function denseWeights(p: ProjectionData): Float64Array {
  const out = new Float64Array(p.toPop.size * p.fromPop.size);
  forEachSynapse(p, (k, cell) => {
    out[cell]! += p.weight[k]!;
  });
  return out;
}

/** Writes a dense [post x pre] matrix into a compiled projection's synapses (others are ignored). */
export function writeDenseWeights(p: ProjectionData, dense: ArrayLike<number>): void {
  forEachSynapse(p, (k, cell) => {
    p.weight[k] = dense[cell]!;
  });
  updateSharedWeight(p);
}

/** Sets `sharedWeight` after a projection's weights were written. */
function updateSharedWeight(p: ProjectionData): void {
  const w = p.weight;
  const first = w[0] ?? Number.NaN;
  let k = 1;
  while (k < w.length && w[k] === first) k++;
  p.sharedWeight = p.stdp || k < w.length ? Number.NaN : first;
}

/** Calls `f` with each synapse of a compiled projection and its cell in the dense [post x pre] matrix. */
function forEachSynapse(p: ProjectionData, f: (synapse: number, cell: number) => void): void {
  const { preStart, post } = p;
  const width = p.fromPop.size;
  const offset = p.toPop.offset;
  for (let i = 0; i < width; i++)
    for (let k = preStart[i]!; k < preStart[i + 1]!; k++) f(k, (post[k]! - offset) * width + i);
}

/** Scales each post neuron's incoming weights of a compiled projection so they sum to `total`. */
export function normalizeIncoming(p: ProjectionData, total: number): void {
  const sums = new Float64Array(p.toPop.size);
  for (let k = 0; k < p.weight.length; k++) sums[p.post[k]! - p.toPop.offset]! += p.weight[k]!;
  for (let k = 0; k < p.weight.length; k++) {
    const s = sums[p.post[k]! - p.toPop.offset]!;
    if (s > 0) p.weight[k] = (p.weight[k]! * total) / s;
  }
  updateSharedWeight(p);
}

/**
 * The (pre, post) pairs a connection rule chooses, in increasing (pre, post) order: one-to-one, all pairs
 * (probability 1), or each pair independently with the probability, drawn as geometric gaps between
 * chosen pairs (one uniform per synapse instead of one per pair).
 */
function connectedPairs(
  preSize: number,
  postSize: number,
  oneToOne: boolean,
  probability: number,
  excludeSelf: boolean,
  rng: Rng,
): { pre: Int32Array; post: Int32Array } {
  const expected = oneToOne ? preSize : preSize * postSize * probability;
  // 10% slack above the expected count avoids regrowing the buffer for random connectivity.
  const buffer = new SynapseBuffer(1.1 * expected + 16);
  if (oneToOne) {
    if (!excludeSelf) for (let i = 0; i < preSize; i++) buffer.add(i, i);
  } else if (probability >= 1) {
    for (let i = 0; i < preSize; i++)
      for (let j = 0; j < postSize; j++) if (!(excludeSelf && i === j)) buffer.add(i, j);
  } else if (probability > 0) {
    const gaps = new GeometricGaps(probability);
    const pairs = preSize * postSize;
    let x = gaps.gap(rng.float());
    // Row and column follow the gaps incrementally: no division per synapse.
    let i = Math.floor(x / postSize);
    let j = x - i * postSize;
    while (x < pairs) {
      if (!(excludeSelf && i === j)) buffer.add(i, j);
      const gap = 1 + gaps.gap(rng.float());
      x += gap;
      j += gap;
      if (j >= postSize) {
        i += Math.floor(j / postSize);
        j %= postSize;
      }
    }
  }
  return buffer.list();
}
