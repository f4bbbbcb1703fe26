import { Network } from '@scrutable/spiking-sim';

/** The simulator class a check runs on: `Network`, or (in tests) a deliberately broken subclass. */
export type SimulatorClass = new (options?: { readonly seed?: number }) => Network;

export const DEFAULT_SIMULATOR: SimulatorClass = Network;
