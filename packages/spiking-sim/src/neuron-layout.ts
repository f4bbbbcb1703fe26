// How the simulator lays out and keys its neurons, shared by the building, dynamics and delivery code.

// Per-neuron dynamics: voltage-jump LIF with a decaying threshold, LIF with exponential current
// synapses, a forced Poisson generator (spike sources, and LIF neurons clamped to a rate or silenced),
// voltage-jump LIF with a threshold that only changes at spikes (the fast path, see `fastGain`), or
// non-leaky integrate-and-fire (voltage jumps, a constant drive integrated linearly).
export const MODE_JUMP = 0;
export const MODE_CURRENT = 1;
export const MODE_FORCED = 2;
export const MODE_FAST = 3;
export const MODE_INTEGRATE = 4;

// Layout of `hot`: values per neuron and their offsets.
export const HOT = 4;
export const KEY_Q = 1;
export const GAP = 2;
export const REF_END = 3;

// A fast-path neuron's key is the crossing of a threshold this much lower (mV), a lower bound that
// excitation leaves valid until the neuron gets this close: most inputs then cost one comparison.
// A wider margin does not pay: inhibition keeps pushing such neurons back below the lowered threshold,
// and each return costs a heap pop (on the Brette 2007 network 0.5 mV needs ~40% fewer key updates than 2).
export const KEY_MARGIN_MV = 0.5;

/**
 * A crossing predicted within this relative tolerance of now is due now: the predicted time and the
 * queue's key come from the same arithmetic by different routes, and may differ in the last bits.
 */
export const DUE_TOLERANCE = 1e-9;

/**
 * How far ahead (in multiples of the longest time constant) a crossing is searched for: by then every
 * decaying term has fallen below e^−40 of its size, so a crossing not found cannot happen.
 */
export const CROSSING_HORIZON_TAUS = 40;

export const MS_PER_S = 1000;
