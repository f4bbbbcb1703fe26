#!/usr/bin/env node
// Scaffolds a substrate package: `npm run new:substrate -- <name> [--dir DIR]`.
// The result builds, declares no capability yet, runs the conformance kit in its tests, and passes the
// repository's Biome check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const templates = join(root, 'scripts', 'templates', 'substrate');
const USAGE = `usage: npm run new:substrate -- <name> [--dir DIR]
  <name>  the substrate id: lower-case letters and digits, words joined by single dashes
          (e.g. 'reservoir', 'echo-state'); it must not already be a substrate id
  --dir   where to create the package (default: packages/substrate-<name>)
`;
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function usage(message) {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

function show(path) {
  return relative(process.cwd(), path) || '.';
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The root package.json's workspace globs. */
function workspaceGlobs() {
  const ws = readJson(join(root, 'package.json'))?.workspaces;
  return Array.isArray(ws) ? ws : (ws?.packages ?? []);
}

/** Workspace package folders: each glob is a literal folder or ends in `/*` (as the bench registry reads them). */
function workspaceDirs() {
  const dirs = [];
  for (const glob of workspaceGlobs()) {
    if (glob.endsWith('/*')) {
      const parent = join(root, glob.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const child of readdirSync(parent, { withFileTypes: true }))
        if (child.isDirectory() && existsSync(join(parent, child.name, 'package.json')))
          dirs.push(join(parent, child.name));
    } else if (existsSync(join(root, glob, 'package.json'))) dirs.push(join(root, glob));
  }
  return dirs;
}

function insideWorkspaces(dir) {
  return workspaceGlobs().some((glob) =>
    glob.endsWith('/*') ? dirname(dir) === join(root, glob.slice(0, -2)) : dir === join(root, glob),
  );
}

/**
 * Who already uses `name`: the package exporting a substrate with that id (read from the bench registry
 * when apps/bench is built), or a workspace package whose name or folder is `substrate-<name>`.
 * Returns the owner (or undefined) and notes about what could not be checked.
 */
async function owner(name) {
  const notes = [];
  const packages = workspaceDirs().map((dir) => ({ dir, pkg: readJson(join(dir, 'package.json')) ?? {} }));
  for (const { dir, pkg } of packages) {
    if (pkg.name === `@scrutable/substrate-${name}` || basename(dir) === `substrate-${name}`)
      return { owner: `${pkg.name ?? '(unnamed)'} (${show(dir)})`, notes };
  }
  const declaring = packages.filter(({ pkg }) => pkg.name && pkg.scrutable?.substrates);
  const checked = new Set();
  const bench = join(root, 'apps', 'bench', 'dist', 'index.js');
  const built = existsSync(bench);
  if (built) {
    try {
      const { discoverSubstrates } = await import(pathToFileURL(bench).href);
      const registry = await discoverSubstrates({ root });
      const taken = registry.entries.find((e) => e.factory.id === name);
      if (taken) return { owner: taken.packageName, notes };
      for (const e of registry.entries) checked.add(e.packageName);
      for (const problem of registry.problems) {
        if (/default export is not a substrate factory/.test(problem)) checked.add(problem.split(':')[0]);
      }
    } catch (e) {
      notes.push(`the bench registry could not be read (${String(e?.message ?? e).split('\n')[0]})`);
    }
  }
  const unchecked = declaring.filter(({ pkg }) => !checked.has(pkg.name)).map(({ pkg }) => pkg.name);
  if (unchecked.length > 0)
    notes.push(
      built
        ? `the ids exported by ${unchecked.join(', ')} were not checked (not built or not installed)`
        : `apps/bench is not built (npm run build), so only package names were checked, not the ids exported by ${unchecked.join(', ')}`,
    );
  return { owner: undefined, notes };
}

let parsed;
try {
  parsed = parseArgs({
    options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
} catch (e) {
  usage(e.message);
}
if (parsed.values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const [name, ...extra] = parsed.positionals;
if (!name) usage('missing <name>');
if (extra.length > 0) usage(`unexpected argument${extra.length > 1 ? 's' : ''}: ${extra.join(' ')}`);
if (!NAME.test(name)) usage(`invalid name '${name}'`);
if (parsed.values.dir === '') usage('--dir needs a folder');
const target = parsed.values.dir ? resolve(parsed.values.dir) : join(root, 'packages', `substrate-${name}`);
const taken = await owner(name);
if (taken.owner) usage(`substrate id '${name}' is already used by ${taken.owner}; choose another name`);
if (existsSync(target) && readdirSync(target).length > 0) usage(`${show(target)} exists and is not empty`);
for (const note of taken.notes) process.stderr.write(`note: ${note}\n`);
if (!insideWorkspaces(target)) {
  process.stderr.write(
    `warning: ${show(target)} is outside the "workspaces" of the root package.json (${workspaceGlobs().join(', ')}); ` +
      'npm install will not link it and the bench registry will not find it unless you add it there\n',
  );
}

const className = name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
const toRoot = relative(target, root).split('\\').join('/') || '.';
const values = { NAME: name, CLASS: className, ROOT: toRoot };

function fill(text) {
  return text.replace(/__([A-Z]+)__/g, (m, key) => values[key] ?? m);
}

function copy(from, to) {
  for (const entry of readdirSync(from)) {
    const source = join(from, entry);
    const destination = join(to, fill(entry.replace(/\.tmpl$/, '')));
    if (statSync(source).isDirectory()) {
      mkdirSync(destination, { recursive: true });
      copy(source, destination);
    } else {
      writeFileSync(destination, fill(readFileSync(source, 'utf8')));
    }
  }
}

mkdirSync(target, { recursive: true });
copy(templates, target);

// Long names can push generated lines past the line width: format with the repository's own Biome.
const biome = join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
if (existsSync(join(root, 'node_modules', '.bin', 'biome')) && existsSync(biome)) {
  const result = spawnSync(process.execPath, [biome, 'check', '--write', target], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    process.stderr.write(`warning: biome check --write ${show(target)} did not come out clean\n`);
  }
} else {
  process.stderr.write(`note: Biome is not installed; run npx biome check --write ${show(target)}\n`);
}

process.stdout.write(
  `created ${show(target)}\nnext: npm install (links the workspace), then implement src/${name}-substrate.ts and run its tests.\nsee docs/adding-a-substrate.md\n`,
);
