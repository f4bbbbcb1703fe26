import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonIfExists, writeFileAtomic } from './atomic.js';

describe('writeFileAtomic', () => {
  it('creates folders, replaces the content whole and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const path = join(dir, 'deep', 'runs', 'cell.json');
    writeFileAtomic(path, 'first');
    writeFileAtomic(path, JSON.stringify({ big: 'x'.repeat(100_000) }));
    expect(readJsonIfExists<{ big: string }>(path)?.big).toHaveLength(100_000);
    expect(readdirSync(join(dir, 'deep', 'runs'))).toEqual(['cell.json']);
  });

  it('keeps the old file and removes the temporary one when the rename fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'child'), { recursive: true }); // a non-empty folder cannot be replaced by a file
    writeFileSync(join(target, 'child', 'keep'), 'kept');
    expect(() => writeFileAtomic(target, 'new')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(join(target, 'child', 'keep'), 'utf8')).toBe('kept');
  });

  it('reads missing or broken JSON as undefined', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    writeFileSync(join(dir, 'broken.json'), '{"a":');
    expect(readJsonIfExists(join(dir, 'broken.json'))).toBeUndefined();
    expect(readJsonIfExists(join(dir, 'missing.json'))).toBeUndefined();
  });
});
