import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtCodeHash } from './environment.js';

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
