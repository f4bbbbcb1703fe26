import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScrutableError, type SubstrateFactory } from '@scrutable/core';
import { isFactory } from './deps.js';

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

interface PackageJson {
  name?: string;
  version?: string;
  workspaces?: string[] | { packages?: string[] };
  scrutable?: { substrates?: string };
  dependencies?: Record<string, string>;
}

/** Reads a package.json, or undefined when missing or unreadable. */
export function readPackageJson(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/**
 * The workspace root: the nearest folder above `from` whose package.json lists workspaces; then the
 * same search from this module's own location (a CLI run from elsewhere still finds its checkout).
 */
export function findWorkspaceRoot(from = process.cwd()): string | undefined {
  for (const start of [from, dirname(fileURLToPath(import.meta.url))]) {
    let dir = resolve(start);
    for (;;) {
      if (readPackageJson(dir)?.workspaces) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

/** Workspace package folders: each glob is a literal folder or ends in `/*` (one level of children). */
export function workspaceDirs(root: string): string[] {
  const ws = readPackageJson(root)?.workspaces;
  const globs = Array.isArray(ws) ? ws : (ws?.packages ?? []);
  const dirs: string[] = [];
  for (const glob of globs) {
    if (glob.endsWith('/*')) {
      const parent = join(root, glob.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const child of readdirSync(parent, { withFileTypes: true }).sort((a, b) =>
        a.name.localeCompare(b.name),
      ))
        if (child.isDirectory() && existsSync(join(parent, child.name, 'package.json')))
          dirs.push(join(parent, child.name));
    } else if (existsSync(join(root, glob, 'package.json'))) dirs.push(join(root, glob));
  }
  return dirs;
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
  const candidates: { name: string; version: string; entry: string; dir?: string }[] = [];
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
    });
  }
  const entries: RegistryEntry[] = [];
  const problems: string[] = [];
  for (const c of candidates) {
    let factories: SubstrateFactory[];
    try {
      factories = factoriesOf(await import(substrateModule(c.name, c.entry)));
    } catch (e) {
      problems.push(`${c.name}: cannot be imported (${(e as Error).message.split('\n')[0]})`);
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

/** Versions of a package's runtime dependencies, read from the installed copies' package.json. */
export function dependencyVersions(packageDir: string, root: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dep of Object.keys(readPackageJson(packageDir)?.dependencies ?? {})) {
    for (const base of [packageDir, root].filter((d): d is string => !!d)) {
      const version = readPackageJson(join(base, 'node_modules', dep))?.version;
      if (version) {
        out[dep] = version;
        break;
      }
    }
  }
  return out;
}
