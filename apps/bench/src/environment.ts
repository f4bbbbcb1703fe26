import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResultsFile } from '@scrutable/core';
import type { RegistryEntry } from './registry.js';
import {
  dependencyVersions,
  installedVersion,
  readPackageJson,
  workspaceDependencies,
  workspacePackages,
} from './workspace.js';

/** Packages every cell's result depends on besides its substrate's own. */
export const SHARED_PACKAGES = ['@scrutable/core', '@scrutable/tasks', '@scrutable/analysis'] as const;

/** The backend recorded for a substrate none of whose cells reported one. */
export const NOT_REPORTED = 'not reported';

/** This app's own package.json folder. */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bench app's version. */
export function benchVersion(): string {
  return readPackageJson(BENCH_DIR)?.version ?? 'unknown';
}

const builtHashes = new Map<string, string>();

/**
 * A short hash of a package's compiled JavaScript (`dist/**.js`, paths and contents), so rebuilt
 * code gets new cell ids even without a version bump; empty when the package has no build.
 */
export function builtCodeHash(packageDir: string): string {
  const known = builtHashes.get(packageDir);
  if (known !== undefined) return known;
  const dist = join(packageDir, 'dist');
  let hash = '';
  if (existsSync(dist)) {
    const digest = createHash('sha256');
    const files = (readdirSync(dist, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.js'))
      .sort();
    for (const file of files) digest.update(`${file}\0`).update(readFileSync(join(dist, file)));
    hash = digest.digest('hex').slice(0, 12);
  }
  builtHashes.set(packageDir, hash);
  return hash;
}

function versionWithBuild(version: string, packageDir: string | undefined): string {
  const hash = packageDir ? builtCodeHash(packageDir) : '';
  return hash ? `${version}+${hash}` : version;
}

/**
 * The code version a substrate's cells are keyed by: for each package that computes them (bench,
 * core, tasks, analysis, the substrate's own, and every workspace package these depend on, directly
 * or not: the controls run the dense substrate's code, say), its version plus a hash of its compiled code.
 */
export function codeVersionOf(entry: RegistryEntry, root: string | undefined): Record<string, string> {
  const versions: Record<string, string> = {
    '@scrutable/bench': versionWithBuild(benchVersion(), BENCH_DIR),
    [entry.packageName]: versionWithBuild(entry.version, entry.packageDir),
  };
  for (const name of SHARED_PACKAGES)
    versions[name] ??= versionWithBuild(
      installedVersion(name, root),
      root ? join(root, 'node_modules', name) : undefined,
    );
  if (root) {
    const computing = [
      ...(entry.packageDir ? [entry.packageDir] : []),
      ...SHARED_PACKAGES.map((name) => join(root, 'node_modules', name)),
    ];
    for (const [name, pkg] of workspaceDependencies(computing, root))
      versions[name] ??= versionWithBuild(pkg.version, pkg.dir);
  }
  return versions;
}

/**
 * Node, platform, CPUs, and the versions of every package involved (incl. each substrate's libraries);
 * a workspace package's version carries a hash of its compiled code (`0.1.0+<hash>`), so results of
 * different builds can be told apart.
 */
export function describeEnvironment(
  entries: readonly RegistryEntry[],
  root: string | undefined,
  backends: Record<string, string>,
): ResultsFile['environment'] {
  const packages: Record<string, string> = { '@scrutable/bench': benchVersion() };
  for (const name of [...SHARED_PACKAGES, '@scrutable/report']) packages[name] = installedVersion(name, root);
  for (const entry of entries) {
    packages[entry.packageName] = entry.version;
    if (entry.packageDir) Object.assign(packages, dependencyVersions(entry.packageDir, root));
  }
  if (root)
    for (const [name, pkg] of workspacePackages(root))
      if (name in packages) packages[name] = versionWithBuild(pkg.version, pkg.dir);
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b)));
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism(),
    packages: sorted,
    backends,
  };
}
