import { describe, expect, it } from 'vitest';
import { plasticChecks } from './checks.js';

describe('spiking-plastic self-checks', () => {
  it('pass, with the measurements they held', async () => {
    const checks = await plasticChecks({ quick: true });
    expect(checks).toHaveLength(3);
    for (const c of checks) expect(c.passed, `${c.name}: ${JSON.stringify(c.observed)}`).toBe(true);
  });
});
