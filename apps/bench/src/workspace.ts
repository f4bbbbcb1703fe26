import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The one reader of package.json files: the workspace, its packages and what is installed. */

export interface PackageJson {
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

/** Installed version of a package found under the workspace root, or `unknown`. */
export function installedVersion(name: string, root: string | undefined): string {
  return (root && readPackageJson(join(root, 'node_modules', name))?.version) || 'unknown';
}

/** A workspace package: its version, folder and the names of its runtime dependencies. */
export interface WorkspacePackage {
  readonly version: string;
  readonly dir: string;
  readonly dependencies: readonly string[];
}

const workspaces = new Map<string, Map<string, WorkspacePackage>>();

/** The workspace's packages by name. */
export function workspacePackages(root: string): Map<string, WorkspacePackage> {
  let found = workspaces.get(root);
  if (!found) {
    found = new Map();
    for (const dir of workspaceDirs(root)) {
      const pkg = readPackageJson(dir);
      if (pkg?.name)
        found.set(pkg.name, {
          version: pkg.version ?? '0.0.0',
          dir,
          dependencies: Object.keys(pkg.dependencies ?? {}),
        });
    }
    workspaces.set(root, found);
  }
  return found;
}

/**
 * The workspace packages that the packages in `packageDirs` depend on at run time, directly or
 * through each other, by name.
 */
export function workspaceDependencies(
  packageDirs: readonly string[],
  root: string,
): Map<string, WorkspacePackage> {
  const all = workspacePackages(root);
  const found = new Map<string, WorkspacePackage>();
  const pending = packageDirs.flatMap((dir) => Object.keys(readPackageJson(dir)?.dependencies ?? {}));
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const pkg = all.get(name);
    if (!pkg || found.has(name)) continue;
    found.set(name, pkg);
    pending.push(...pkg.dependencies);
  }
  return found;
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
