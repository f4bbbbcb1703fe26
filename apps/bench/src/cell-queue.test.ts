import { describe, expect, it } from 'vitest';
import { CellQueue } from './cell-queue.js';
import type { CellSpec } from './cells.js';

const cell = (substrate: string, task = 'boolean', level = 1): CellSpec => ({
  id: `${substrate}/${task}/${level}`,
  substrate,
  packageName: `test-${substrate}`,
  task,
  level,
  seed: 0,
  budget: {},
  analysis: {},
  showcase: false,
});
const sourceOf = (c: CellSpec) => (c.substrate === 'scrambled' ? 'dense' : undefined);
const settled = async <T>(p: Promise<T>): Promise<T | 'waiting'> =>
  Promise.race([p, new Promise<'waiting'>((resolve) => setImmediate(() => resolve('waiting')))]);

describe('the cell queue', () => {
  it('holds a derived cell back while the cell making its source fit runs, and hands out others', async () => {
    const dense = cell('dense');
    const scrambled = cell('scrambled');
    const other = cell('dense', 'modadd');
    const queue = new CellQueue([dense, scrambled, other], sourceOf);
    expect(await queue.next()).toBe(dense);
    // a second lane skips the waiting cell
    expect(await queue.next()).toBe(other);
    queue.finished(other);
    const waiting = queue.next();
    expect(await settled(waiting)).toBe('waiting');
    queue.finished(dense);
    expect(await waiting).toBe(scrambled);
    expect(await queue.next()).toBeUndefined();
  });

  it('does not hold back a derived cell whose source is not in the run, and lets waiting lanes go on close', async () => {
    const alone = cell('scrambled', 'facts');
    expect(await new CellQueue([alone], sourceOf).next()).toBe(alone);
    const dense = cell('dense');
    const queue = new CellQueue([dense, cell('scrambled')], sourceOf);
    await queue.next();
    const waiting = queue.next();
    queue.close();
    expect(await waiting).toBeUndefined();
  });
});
