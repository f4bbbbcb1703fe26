import { join } from 'node:path';
import { ScrutableError, type SubstrateFactory } from '@scrutable/core';
import { findWorkspaceRoot, readPackageJson, workspaceDirs } from './workspace.js';

/** A substrate the registry found, with the package it came from. */
export interface RegistryEntry {
  readonly factory: SubstrateFactory;
  readonly packageName: string;
  /** The package's `scrutable.substrates` entry (`.` = the package entry). */
  readonly entry: string;
  readonly version: string;
  /** Folder of the package, when known (its dependencies' versions are read from there). */
  readonly packageDir?: string;
}

/** What discovery found: substrates, plus packages that declare substrates but failed to load. */
export interface Registry {
  readonly entries: readonly RegistryEntry[];
  readonly problems: readonly string[];
}

/** True when `value` looks like a SubstrateFactory. */
function isFactory(value: unknown): value is SubstrateFactory {
  const f = value as SubstrateFactory;
  return !!f && typeof f.id === 'string' && typeof f.create === 'function' && typeof f.load === 'function';
}

/** The module to import for a package's `scrutable.substrates` entry (`.` = the package entry). */
export function substrateModule(packageName: string, entry: string): string {
  return entry === '.' || entry === './' ? packageName : `${packageName}/${entry.replace(/^\.\//, '')}`;
}

/** The factories a module's default export holds (one factory or an array of them). */
export function factoriesOf(moduleValue: unknown): SubstrateFactory[] {
  const exported = (moduleValue as { default?: unknown })?.default;
  const list = Array.isArray(exported) ? exported : [exported];
  return list.filter(isFactory);
}

/**
 * Finds substrates: workspace packages (and `extraPackages`, by name) whose package.json has
 * `"scrutable": { "substrates": "<entry>" }`; imports that entry and takes its default export.
 */
export async function discoverSubstrates(
  options: { root?: string; extraPackages?: readonly string[] } = {},
): Promise<Registry> {
  const root = options.root ?? findWorkspaceRoot();
  // `named`: asked for by a config's `packages`, so a run that cannot load it must not go on without it
  const candidates: { name: string; version: string; entry: string; dir?: string; named?: boolean }[] = [];
  for (const dir of root ? workspaceDirs(root) : []) {
    const pkg = readPackageJson(dir);
    if (pkg?.name && pkg.scrutable?.substrates)
      candidates.push({
        name: pkg.name,
        version: pkg.version ?? '0.0.0',
        entry: pkg.scrutable.substrates,
        dir,
      });
  }
  for (const name of options.extraPackages ?? []) {
    if (candidates.some((c) => c.name === name)) continue;
    const dir = root ? join(root, 'node_modules', name) : undefined;
    const pkg = dir ? readPackageJson(dir) : undefined;
    candidates.push({
      name,
      version: pkg?.version ?? 'unknown',
      entry: pkg?.scrutable?.substrates ?? '.',
      ...(pkg && dir ? { dir } : {}),
      named: true,
    });
  }
  const entries: RegistryEntry[] = [];
  const problems: string[] = [];
  for (const c of candidates) {
    let factories: SubstrateFactory[];
    try {
      factories = factoriesOf(await import(substrateModule(c.name, c.entry)));
    } catch (e) {
      const problem = `${c.name}: cannot be imported (${(e as Error).message.split('\n')[0]})`;
      if (c.named) throw new Error(`the config's packages name ${problem}`);
      problems.push(problem);
      continue;
    }
    if (!factories.length) problems.push(`${c.name}: its default export is not a substrate factory (yet)`);
    for (const factory of factories) {
      const clash = entries.find((e) => e.factory.id === factory.id);
      if (clash) {
        throw new ScrutableError(
          'BAD_CONFIG',
          `substrate id '${factory.id}' is exported by both ${clash.packageName} and ${c.name}`,
        );
      }
      entries.push({
        factory,
        packageName: c.name,
        entry: c.entry,
        version: c.version,
        ...(c.dir ? { packageDir: c.dir } : {}),
      });
    }
  }
  entries.sort((a, b) => a.factory.id.localeCompare(b.factory.id));
  return { entries, problems };
}

/**
 * The registry entry a derived substrate (`derivedFrom`) is built from, or undefined for a substrate
 * that is not derived; UNKNOWN_NAME when its source is not installed.
 */
export function sourceEntry(
  entry: RegistryEntry,
  byId: ReadonlyMap<string, RegistryEntry>,
): RegistryEntry | undefined {
  const id = entry.factory.derivedFrom;
  if (id === undefined) return undefined;
  const source = byId.get(id);
  if (!source)
    throw new ScrutableError(
      'UNKNOWN_NAME',
      `substrate '${entry.factory.id}' is built from '${id}', which is not installed`,
      [...byId.keys()],
    );
  return source;
}
