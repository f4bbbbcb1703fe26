import type { CellResult } from '@scrutable/core';
import { describe, expect, it } from 'vitest';
import { GapNotes, NO_REASON, nullMetricReasons, whyNoFamilyScore } from './missing.js';

function run(
  substrate: string,
  id: string,
  metrics: Record<string, number | null>,
  unavailable: Record<string, string> = {},
): CellResult {
  return { id, substrate, task: 'facts', level: 1, seed: 0, status: 'ok', metrics, unavailable };
}

const NO_PARAMS = 'no parameter matrix maps one readable site to another';

describe('whyNoFamilyScore', () => {
  it('is null for a scored family and joins the distinct reasons of an empty one', () => {
    const r = run(
      'spiking',
      'a',
      {
        'edit.efficacy': null,
        'edit.score': null,
        'localize.k1': null,
        'localize.k4': 0.2,
        'steer.success': null,
      },
      { 'edit.efficacy': NO_PARAMS, 'edit.score': NO_PARAMS, 'localize.k1': 'too small' },
    );
    expect(whyNoFamilyScore(r, 'localize')).toBeNull();
    expect(whyNoFamilyScore(r, 'edit')).toBe(NO_PARAMS);
    expect(whyNoFamilyScore(r, 'steer')).toBe(NO_REASON);
    expect(whyNoFamilyScore(r, 'describe')).toBe('no describe metric was recorded');
    const mixed = run(
      'spiking',
      'b',
      { 'edit.efficacy': null, 'edit.score': null },
      {
        'edit.efficacy': 'one',
        'edit.score': 'two',
      },
    );
    expect(whyNoFamilyScore(mixed, 'edit')).toBe('one; two');
  });
});

describe('GapNotes', () => {
  it('numbers each distinct reason once, counts its runs and says when a mean leaves runs out', () => {
    const notes = new GapNotes();
    const spiking = [1, 2].map((i) =>
      run('spiking', `s${i}`, { 'edit.score': null }, { 'edit.score': NO_PARAMS }),
    );
    const symbolic = [
      run('symbolic', 'y1', { 'edit.score': 0.4 }),
      run('symbolic', 'y2', { 'edit.score': null }, { 'edit.score': NO_PARAMS }),
    ];
    const dense = [run('dense', 'd1', { 'edit.score': 0.6 })];

    expect(notes.cell('dense', 'edit', dense, true)).toBeUndefined();
    expect(notes.cell('spiking', 'edit', spiking, false)).toEqual({
      notes: [1],
      summary: `no edit score in any of its 2 runs: ${NO_PARAMS}`,
    });
    expect(notes.cell('symbolic', 'edit', symbolic, true)).toEqual({
      notes: [1],
      summary: `mean of 1 of 2 runs; 1 run has no edit score: ${NO_PARAMS}`,
    });
    expect(notes.cell('planted', 'edit', [], false)?.summary).toBe('no edit score: no successful run');
    expect(notes.lines()).toEqual([
      `spiking, symbolic: ${NO_PARAMS} (3 runs; 1 of them left out of the means shown)`,
      'planted: no successful run',
    ]);
  });

  it('keeps the same reason apart per subject and lists a cell’s reasons with their run counts', () => {
    const notes = new GapNotes();
    const runs = [
      run(
        'spiking',
        'a',
        { 'edit.score': null, 'steer.success': null },
        { 'edit.score': 'x', 'steer.success': 'x' },
      ),
      run('spiking', 'b', { 'edit.score': null, 'steer.success': 0.5 }, { 'edit.score': 'y' }),
    ];
    expect(notes.cell('spiking', 'edit', runs, false, 'edit')?.summary).toBe(
      'no edit score in any of its 2 runs: x (1 run); y (1 run)',
    );
    expect(notes.cell('spiking', 'steer', runs, true, 'steer')?.notes).toEqual([3]);
    expect(notes.lines()).toEqual([
      'spiking · edit: x (1 run)',
      'spiking · edit: y (1 run)',
      'spiking · steer: x (1 run, left out of the mean shown)',
    ]);
  });
});

describe('nullMetricReasons', () => {
  it('groups the null metrics of successful runs by reason, with the runs per substrate', () => {
    const runs: CellResult[] = [
      run(
        'spiking',
        'a',
        { 'edit.score': null, 'edit.efficacy': null, 'decode.selectivity': 0.1 },
        {
          'edit.score': NO_PARAMS,
          'edit.efficacy': NO_PARAMS,
        },
      ),
      run('symbolic', 'b', { 'edit.score': null }, { 'edit.score': NO_PARAMS }),
      run('spiking', 'c', { 'observe.cost': null }),
      { ...run('spiking', 'd', { 'edit.score': null }, { 'edit.score': NO_PARAMS }), status: 'failed' },
    ];
    expect(nullMetricReasons(runs)).toEqual([
      {
        reason: NO_PARAMS,
        metrics: ['edit.efficacy', 'edit.score'],
        runsBySubstrate: [
          ['spiking', 1],
          ['symbolic', 1],
        ],
        runs: 2,
      },
      { reason: NO_REASON, metrics: ['observe.cost'], runsBySubstrate: [['spiking', 1]], runs: 1 },
    ]);
  });
});
