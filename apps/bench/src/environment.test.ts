import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SubstrateFactory } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { builtCodeHash, codeVersionOf, describeEnvironment } from './environment.js';

function packageWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pkg-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('builtCodeHash', () => {
  it('changes with the compiled code and ignores maps and declarations', () => {
    const a = builtCodeHash(packageWith({ 'dist/index.js': 'export const x = 1;', 'dist/sub/y.js': 'y' }));
    const same = builtCodeHash(
      packageWith({
        'dist/index.js': 'export const x = 1;',
        'dist/sub/y.js': 'y',
        'dist/index.js.map': '{}',
        'dist/index.d.ts': 'd',
      }),
    );
    const edited = builtCodeHash(
      packageWith({ 'dist/index.js': 'export const x = 2;', 'dist/sub/y.js': 'y' }),
    );
    const moved = builtCodeHash(packageWith({ 'dist/index.js': 'export const x = 1;', 'dist/z/y.js': 'y' }));
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(same).toBe(a);
    expect(edited).not.toBe(a);
    expect(moved).not.toBe(a);
  });

  it('is empty for a package without a build', () => {
    expect(builtCodeHash(packageWith({ 'src/index.ts': 'x' }))).toBe('');
  });
});

/**
 * A workspace where `controls` (the substrate package) runs `dense`'s code, and `dense` uses `lib`;
 * `libCode` is lib's compiled code.
 */
function controlsWorkspace(libCode: string): string {
  const pkg = (name: string, dependencies: Record<string, string> = {}) =>
    JSON.stringify({ name, version: '1.0.0', dependencies });
  return packageWith({
    'package.json': JSON.stringify({ workspaces: ['packages/*'] }),
    'packages/controls/package.json': pkg('controls', { dense: '^1.0.0', 'some-library': '^2.0.0' }),
    'packages/controls/dist/index.js': 'controls',
    'packages/dense/package.json': pkg('dense', { lib: '^1.0.0' }),
    'packages/dense/dist/index.js': 'dense',
    'packages/lib/package.json': pkg('lib'),
    'packages/lib/dist/index.js': libCode,
    'packages/unrelated/package.json': pkg('unrelated'),
  });
}

describe('codeVersionOf', () => {
  const controls = (root: string) =>
    codeVersionOf(
      {
        factory: { id: 'scrambled' } as SubstrateFactory,
        packageName: 'controls',
        entry: '.',
        version: '1.0.0',
        packageDir: join(root, 'packages', 'controls'),
      },
      root,
    );

  it("covers the code of every workspace package the substrate's package depends on, transitively", () => {
    const version = controls(controlsWorkspace('export const lib = 1;'));
    expect(Object.keys(version)).toEqual(expect.arrayContaining(['controls', 'dense', 'lib']));
    expect(version['dense']).toMatch(/^1\.0\.0\+[0-9a-f]{12}$/);
    expect(version).not.toHaveProperty('unrelated');
    expect(version).not.toHaveProperty('some-library');
    // rebuilt code two packages away gives the controls' cells a new code version
    const edited = controls(controlsWorkspace('export const lib = 2;'));
    expect(edited['lib']).not.toBe(version['lib']);
    expect(edited['controls']).toBe(version['controls']);
  });
});

describe('describeEnvironment', () => {
  it("records each workspace package's version with a hash of its build, and libraries as installed", () => {
    const root = controlsWorkspace('export const lib = 1;');
    writeFileSync(
      join(root, 'packages', 'controls', 'package.json'),
      JSON.stringify({
        name: 'controls',
        version: '1.0.0',
        dependencies: { dense: '^1.0.0', 'some-library': '^2.0.0' },
      }),
    );
    mkdirSync(join(root, 'node_modules', 'some-library'), { recursive: true });
    writeFileSync(
      join(root, 'node_modules', 'some-library', 'package.json'),
      JSON.stringify({ name: 'some-library', version: '2.1.0' }),
    );
    mkdirSync(join(root, 'node_modules', 'dense'), { recursive: true });
    writeFileSync(
      join(root, 'node_modules', 'dense', 'package.json'),
      JSON.stringify({ name: 'dense', version: '1.0.0' }),
    );
    const entry = {
      factory: { id: 'scrambled' } as SubstrateFactory,
      packageName: 'controls',
      entry: '.',
      version: '1.0.0',
      packageDir: join(root, 'packages', 'controls'),
    };
    const { packages } = describeEnvironment([entry], root, {});
    expect(packages['controls']).toBe(`1.0.0+${builtCodeHash(join(root, 'packages', 'controls'))}`);
    expect(packages['dense']).toBe(`1.0.0+${builtCodeHash(join(root, 'packages', 'dense'))}`);
    expect(packages['some-library']).toBe('2.1.0');
  });
});
