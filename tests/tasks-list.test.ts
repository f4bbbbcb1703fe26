import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs the BUILT command line, exactly as a user does.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'apps', 'bench', 'dist', 'cli.js');

interface Listed {
  id: string;
  description: string;
  levels: { level: number; chance: number; linear: number; trivial: boolean }[];
}

describe('scrutable tasks list --json', () => {
  it('lists at least ten task families, each level with its chance, linear baseline and trivial flag', () => {
    const r = spawnSync(process.execPath, [CLI, 'tasks', 'list', '--json', '--levels', '1-2'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const listed = JSON.parse(r.stdout) as Listed[];
    expect(listed.length).toBeGreaterThanOrEqual(10);
    for (const family of listed) {
      expect(family.levels.map((l) => l.level)).toEqual([1, 2]);
      for (const l of family.levels) {
        expect(l.chance).toBeGreaterThan(0);
        expect(l.linear).toBeGreaterThanOrEqual(0);
        expect(l.linear).toBeLessThanOrEqual(1);
        expect(l.trivial).toBe(l.linear >= l.chance + 0.8 * (1 - l.chance));
      }
    }
    // Shapes level 1 is linearly separable; parity is out of reach of any linear readout.
    const level = (id: string, n: number) => listed.find((f) => f.id === id)!.levels[n - 1]!;
    expect(level('shapes', 1).trivial).toBe(true);
    expect(level('parity', 2).trivial).toBe(false);
  });
});
