import {
  type Dataset,
  type FitOptions,
  type FitReport,
  ScrutableError,
  type SerializedSubstrate,
  type SubstrateFactory,
  type SubstrateInfo,
} from '@scrutable/core';
import { DelegatingSubstrate } from './delegating-substrate.js';
import { DEFAULT_SOURCE, requireSource } from './derived-source.js';

/**
 * A network left at its seeded random initialisation: the inner substrate fitted with a budget of
 * 0 epochs, so it knows the data's shape but has learnt nothing. Everything else passes through.
 */
export class UntrainedSubstrate extends DelegatingSubstrate {
  readonly info: SubstrateInfo = {
    id: 'untrained',
    family: 'control',
    synchronous: this.inner.info.synchronous,
    description: `Untrained control: ${this.inner.info.id} at its seeded random initialisation (0 training epochs).`,
    ...(this.inner.info.backend ? { backend: this.inner.info.backend } : {}),
  };

  protected override _fit(dataset: Dataset, options: FitOptions): Promise<FitReport> {
    return this.inner.fit(dataset, { ...options, budget: { ...options.budget, epochs: 0 } });
  }

  protected override _save(): unknown {
    return { inner: this.inner.save() };
  }

  /** Restores a saved untrained control through the inner substrate's factory. */
  static async load(saved: SerializedSubstrate, innerFactory: SubstrateFactory): Promise<UntrainedSubstrate> {
    const inner = (saved?.data as { inner?: SerializedSubstrate } | undefined)?.inner;
    if (saved?.substrate !== 'untrained' || !inner || typeof inner !== 'object')
      throw new ScrutableError('BAD_STATE', 'not a saved untrained control');
    const loaded = await innerFactory.load(inner);
    const s = new UntrainedSubstrate(innerFactory, undefined, loaded);
    s.markLoaded(loaded.heads, loaded.inputWidth);
    return s;
  }
}

/**
 * Creates and loads untrained controls of the source substrate the caller passes (by default the
 * registry's `dense`); `config` goes to the source.
 */
export const untrainedFactory: SubstrateFactory = {
  id: 'untrained',
  family: 'control',
  synchronous: true,
  derivedFrom: DEFAULT_SOURCE,
  learning: 'none (untrained control)',
  description:
    'Untrained control: the source substrate at its seeded random initialisation (0 training epochs).',
  create: (options) => new UntrainedSubstrate(requireSource('untrained', options?.source), options?.config),
  load: (saved, options) => UntrainedSubstrate.load(saved, requireSource('untrained', options?.source)),
};
