import { isScrutableError } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';

describe('resolveConfig', () => {
  it('fills the shared defaults, and a key given as undefined takes its default', () => {
    const expected = {
      hidden: [128],
      activation: 'relu',
      learningRate: 0.02,
      batchSize: 64,
      epochs: 300,
      patience: 20,
      validationFraction: 0,
      l2: 0.0003,
      weightDecay: 0,
      recordEvery: 0,
      tuned: true,
    };
    expect(resolveConfig(undefined)).toEqual(expected);
    expect(resolveConfig({ hidden: undefined })).toEqual(expected);
    expect(resolveConfig({ hidden: [3, 2], activation: 'tanh' })).toEqual({
      ...expected,
      hidden: [3, 2],
      activation: 'tanh',
    });
  });

  it('accepts the edges of each range', () => {
    expect(() =>
      resolveConfig({ hidden: [], epochs: 0, validationFraction: 0, l2: 0, weightDecay: 0, patience: 1 }),
    ).not.toThrow();
  });

  it.each([
    ['not an object', 'relu'],
    ['an array', [64]],
    ['an unknown key', { hiden: [64] }],
    ['a zero-width layer', { hidden: [0] }],
    ['a fractional width', { hidden: [2.5] }],
    ['hidden not an array', { hidden: 64 }],
    ['an unknown activation', { activation: 'gelu' }],
    ['a zero learning rate', { learningRate: 0 }],
    ['a NaN learning rate', { learningRate: Number.NaN }],
    ['a fractional batch size', { batchSize: 1.5 }],
    ['negative epochs', { epochs: -1 }],
    ['zero patience', { patience: 0 }],
    ['a validation fraction of 1', { validationFraction: 1 }],
    ['a negative l2', { l2: -0.1 }],
    ['an infinite l2', { l2: Number.POSITIVE_INFINITY }],
    ['a negative weightDecay', { weightDecay: -0.01 }],
    ['a weightDecay that is not a number', { weightDecay: '0.1' }],
    ['a fractional recordEvery', { recordEvery: 2.5 }],
    ['a negative recordEvery', { recordEvery: -1 }],
  ])('rejects %s with BAD_CONFIG', (_what, config) => {
    let caught: unknown;
    try {
      resolveConfig(config);
    } catch (e) {
      caught = e;
    }
    expect(isScrutableError(caught, 'BAD_CONFIG')).toBe(true);
  });
});
