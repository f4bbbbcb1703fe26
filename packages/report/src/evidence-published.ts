/**
 * The published figures the essay's four successes rest on, beside which the report sets ours. Each
 * names its source by author and year, the system it was measured on, and what was measured.
 */
export const PUBLISHED = {
  fourier: {
    source: 'Nanda et al. 2023',
    system: 'a one-layer transformer grokked on addition mod 113',
    measure: 'share of MLP neurons with more than 85% of their variance at one frequency',
    value: 0.846,
  },
  grokking: {
    source: 'Nanda et al. 2023',
    system: 'a one-layer transformer on addition mod 113, trained on 30% of the pairs with weight decay',
    measure:
      'the epochs of memorisation (train accuracy near 1) and of generalisation (held-out accuracy near 1)',
    memorisedBy: 'epoch 1.4k',
    generalisedBy: 'epochs 9.4k–13.3k',
  },
  cheese: {
    source: 'Mini et al. 2023',
    system: 'a maze-solving policy network (Langosco et al. 2022)',
    measure: 'P(step toward cheese) at decision squares, before and after subtracting the cheese vector',
    before: 0.81,
    after: 0.03,
  },
  edit: {
    source: 'Meng et al. 2022 (ROME)',
    system: 'GPT-2 XL on CounterFact',
    measure: 'efficacy, generalisation (paraphrases) and specificity of a rank-one fact edit',
    efficacy: 1.0,
    generalization: 0.964,
    specificity: 0.754,
  },
  dissection: {
    source: 'Bau et al. 2017 (Network Dissection)',
    system: 'convolutional image classifiers',
    measure: 'drop in the number of concept detectors when the unit basis is randomly rotated',
    drop: 0.8,
  },
} as const;
