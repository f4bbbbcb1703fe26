import { describe, expect, it } from 'vitest';
import { closestName, isScrutableError, type ScrutableError, unknownName } from './errors.js';

describe('errors', () => {
  it('lists the valid names and suggests the closest', () => {
    let caught: unknown;
    try {
      unknownName('substrate', 'densse', ['dense', 'spiking', 'symbolic']);
    } catch (e) {
      caught = e;
    }
    expect(isScrutableError(caught, 'UNKNOWN_NAME')).toBe(true);
    expect((caught as ScrutableError).message).toContain("did you mean 'dense'?");
    expect((caught as ScrutableError).valid).toEqual(['dense', 'spiking', 'symbolic']);
  });

  it('suggests nothing for a name far from all', () => {
    expect(closestName('xyzzy', ['dense', 'spiking'])).toBeUndefined();
  });
});
