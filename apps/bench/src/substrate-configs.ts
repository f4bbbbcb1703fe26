import { ScrutableError } from '@scrutable/core';
import type { ResolvedConfig } from './config.js';
import { type RegistryEntry, sourceEntry } from './registry.js';

/**
 * Checks each `substrateConfig` value up front by creating (and disposing) the substrate with it, so
 * a bad value is bad usage before any cell runs rather than a failure of each of that substrate's
 * cells; BAD_CONFIG naming the substrate and the factory's complaint.
 */
export function checkSubstrateConfigs(config: ResolvedConfig, entries: readonly RegistryEntry[]): void {
  const byId = new Map(entries.map((e) => [e.factory.id, e]));
  for (const [id, value] of Object.entries(config.substrateConfig)) {
    const entry = byId.get(id);
    if (!entry || !config.substrates.includes(id)) continue;
    const source = sourceEntry(entry, byId);
    try {
      entry.factory.create({ config: value, ...(source ? { source: source.factory } : {}) }).dispose();
    } catch (e) {
      throw new ScrutableError(
        'BAD_CONFIG',
        `substrateConfig.${id} is refused by the substrate: ${(e as Error).message}`,
      );
    }
  }
}
