import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileWriteError, writeFileAtomic } from './atomic.js';

describe('writeFileAtomic', () => {
  it('creates folders, replaces the content whole and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const path = join(dir, 'deep', 'runs', 'cell.json');
    writeFileAtomic(path, 'first');
    writeFileAtomic(path, JSON.stringify({ big: 'x'.repeat(100_000) }));
    expect(JSON.parse(readFileSync(path, 'utf8')).big).toHaveLength(100_000);
    expect(readdirSync(join(dir, 'deep', 'runs'))).toEqual(['cell.json']);
  });

  it('keeps the old file and removes the temporary one when the rename fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'child'), { recursive: true }); // a non-empty folder cannot be replaced by a file
    writeFileSync(join(target, 'child', 'keep'), 'kept');
    // the error names the file asked for, never the temporary one
    expect(() => writeFileAtomic(target, 'new')).toThrow(
      new FileWriteError(target, 'EISDIR', 'a folder is in the way'),
    );
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(join(target, 'child', 'keep'), 'utf8')).toBe('kept');
  });
});
