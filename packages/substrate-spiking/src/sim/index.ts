export { firstCrossing } from './crossing.js';
export { EventHeap } from './event-heap.js';
export {
  type ConnectOptions,
  Network,
  type Population,
  type Projection,
  type RunStats,
  type SpikeTrain,
  type SynapseList,
  type SynapseValue,
} from './network.js';
export { NeuronHeap } from './neuron-heap.js';
export { DEFAULT_LIF, DEFAULT_STDP, type LifParams, lifParams, type StdpRule, stdpRule } from './params.js';
