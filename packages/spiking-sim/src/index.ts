export { firstCrossing } from './crossing.js';
export { EventHeap } from './event-heap.js';
export { Network } from './network.js';
export { NeuronHeap } from './neuron-heap.js';
export { DEFAULT_LIF, DEFAULT_STDP, type LifParams, lifParams, type StdpRule, stdpRule } from './params.js';
export type {
  ConnectOptions,
  Population,
  Projection,
  SynapseList,
  SynapseValue,
} from './projection.js';
export type { RunStats } from './spike-delivery.js';
export type { SpikeTrain } from './spike-recorder.js';
