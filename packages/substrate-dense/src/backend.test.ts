import { isScrutableError } from '@scrutable/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { forcedBackend, initBackend } from './backend.js';

/** tfjs's own name for each backend this package reports. */
const TFJS_NAME = { 'tfjs-node': 'tensorflow', 'tfjs-wasm': 'wasm', 'tfjs-cpu': 'cpu' } as const;

describe('backend selection', () => {
  it('initialises once and reports the backend tfjs actually runs', async () => {
    const first = initBackend();
    expect(initBackend()).toBe(first);
    const name = await first;
    expect(tf.getBackend()).toBe(TFJS_NAME[name]);
    const forced = forcedBackend(process.env.SCRUTABLE_TF_BACKEND);
    if (forced) expect(name).toBe(forced);
  });

  it('reads SCRUTABLE_TF_BACKEND and rejects unknown values with BAD_CONFIG', () => {
    expect(forcedBackend(undefined)).toBeUndefined();
    expect(forcedBackend('')).toBeUndefined();
    expect(forcedBackend('wasm')).toBe('tfjs-wasm');
    expect(forcedBackend('cpu')).toBe('tfjs-cpu');
    expect(forcedBackend('node')).toBe('tfjs-node');
    let caught: unknown;
    try {
      forcedBackend('webgpu');
    } catch (e) {
      caught = e;
    }
    expect(isScrutableError(caught, 'BAD_CONFIG')).toBe(true);
  });
});
