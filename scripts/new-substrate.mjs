#!/usr/bin/env node
// Scaffolds a substrate package: `npm run new:substrate -- <name> [--dir DIR]`.
// The result builds, declares no capability yet, and runs the conformance kit in its tests.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const templates = join(root, 'scripts', 'templates', 'substrate');

function usage(message) {
  process.stderr.write(
    `${message}\nusage: npm run new:substrate -- <name> [--dir DIR]\n  <name>: lower-case letters, digits and dashes, e.g. 'reservoir'\n`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--'));
const dirFlag = args.indexOf('--dir');
if (!name) usage('missing <name>');
if (!/^[a-z][a-z0-9-]*$/.test(name)) usage(`invalid name '${name}'`);
const target =
  dirFlag >= 0
    ? resolve(args[dirFlag + 1] ?? usage('--dir needs a folder'))
    : join(root, 'packages', `substrate-${name}`);
if (existsSync(target) && readdirSync(target).length > 0) usage(`${target} exists and is not empty`);

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
process.stdout.write(
  `created ${relative(process.cwd(), target) || target}\nnext: npm install (links the workspace), then implement src/${name}-substrate.ts and run its tests.\nsee docs/adding-a-substrate.md\n`,
);
