import { describe, expect, it } from 'vitest';
import { privilegedSites } from './localize.js';

describe('privilegedSites', () => {
  it('keeps activations and units by construction, and drops every pre-activation', () => {
    const sites = privilegedSites([
      { site: 'h0.pre', size: 4, state: 'preactivation' },
      { site: 'h0.post', size: 4, state: 'activation' },
      { site: 'h1.pre', size: 4, state: 'rotated preactivation' },
      { site: 'h1.post', size: 4, state: 'rotated activation' },
      { site: 'exc', size: 4, state: 'spike-count' },
      { site: 'out.pre', size: 2, state: 'preactivation' },
    ]);
    expect(sites).toEqual(['h0.post', 'h1.post', 'exc']);
  });
});
