import { describe, expect, it } from 'vitest';
import { domainOf, effectiveConfig, TUNED_BY_DOMAIN, tunedSettings } from './tuned.js';

const TABLE = { maze: { hidden: [64], l2: 0.001 } };

describe('tuned settings per domain', () => {
  it('reads the domain off a generated task name', () => {
    expect(domainOf('gridworld/L2/s1')).toBe('gridworld');
    expect(domainOf('mydata')).toBe('mydata');
  });

  it("lays the given keys over the domain's tuned settings, and a given undefined takes the tuned one", () => {
    expect(effectiveConfig({ l2: 0.01, hidden: undefined }, 'maze/L1/s0', TABLE)).toEqual({
      hidden: [64],
      l2: 0.01,
    });
    expect(effectiveConfig({}, 'other/L1/s0', TABLE)).toEqual({});
  });

  it('uses no tuned setting when tuned is false', () => {
    expect(effectiveConfig({ tuned: false }, 'maze/L1/s0', TABLE)).toEqual({ tuned: false });
    expect(tunedSettings({ tuned: false }, 'maze/L1/s0', TABLE)).toEqual({});
  });

  it('names the tuned settings a fit takes: those the given keys leave unset', () => {
    expect(tunedSettings({ l2: 0.01 }, 'maze/L2/s0', TABLE)).toEqual({ hidden: [64] });
    expect(tunedSettings({}, 'other/L1/s0', TABLE)).toEqual({});
  });

  it('records only settings the configuration accepts', async () => {
    const { resolveConfig } = await import('./config.js');
    for (const settings of Object.values(TUNED_BY_DOMAIN))
      expect(() => resolveConfig(settings)).not.toThrow();
  });
});
