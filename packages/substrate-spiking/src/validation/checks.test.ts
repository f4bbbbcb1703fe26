import {
  type ConnectOptions,
  Network,
  type Projection,
  type StdpRule,
  type SynapseList,
} from '@scrutable/spiking-sim';
import { describe, expect, it } from 'vitest';
import { spikingChecks } from './checks.js';

/** Depression switched off: every weight climbs to the upper bound (a collapsed distribution). */
class NoDepression extends Network {
  override connect(from: string, to: string, options: ConnectOptions): Projection {
    return super.connect(
      from,
      to,
      options.stdp ? { ...options, stdp: { ...options.stdp, aMinus: 0 } } : options,
    );
  }
}

/** τ+ and τ− swapped: equal time constants would hide it, unequal ones do not. */
class SwappedTimeConstants extends Network {
  override connectSynapses(
    from: string,
    to: string,
    synapses: SynapseList,
    stdp?: Partial<StdpRule>,
  ): Projection {
    const swapped = stdp && { ...stdp, tauPlusMs: stdp.tauMinusMs, tauMinusMs: stdp.tauPlusMs };
    return super.connectSynapses(from, to, synapses, swapped);
  }
}

/** Nearest-spike pairing ignored: every rule runs all-to-all. */
class AlwaysAllToAll extends Network {
  override connectSynapses(
    from: string,
    to: string,
    synapses: SynapseList,
    stdp?: Partial<StdpRule>,
  ): Projection {
    return super.connectSynapses(from, to, synapses, stdp && { ...stdp, pairing: 'all-to-all' });
  }
}

/** A constant current 3% too strong. */
class StrongCurrent extends Network {
  override setBias(name: string, valuesMv: ArrayLike<number>): void {
    super.setBias(
      name,
      Array.from(valuesMv, (v) => 1.03 * v),
    );
  }
}

describe('spiking self-checks', () => {
  it('pass on the simulator', async () => {
    const checks = await spikingChecks();
    expect(checks).toHaveLength(6);
    for (const c of checks)
      expect(c.passed, `${c.name}: ${JSON.stringify(c.observed).slice(0, 300)}`).toBe(true);
    expect(JSON.parse(JSON.stringify(checks))).toHaveLength(6);
  }, 60_000);

  it('fail on deliberately broken simulators, each on the check that covers the fault', async () => {
    const failing = async (simulator: typeof Network) =>
      (await spikingChecks({ simulator })).filter((c) => !c.passed).map((c) => c.name.split(' ')[0]);
    expect(await failing(NoDepression)).toEqual(['Song']);
    expect(await failing(SwappedTimeConstants)).toEqual(['STDP', 'STDP', 'STDP', 'STDP']);
    expect(await failing(StrongCurrent)).toEqual(['LIF']);
    const nearest = (await spikingChecks({ simulator: AlwaysAllToAll }))
      .filter((c) => !c.passed)
      .map((c) => c.name);
    expect(nearest).toHaveLength(2);
    for (const name of nearest) expect(name).toContain('nearest');
  }, 120_000);
});
