import type { CellSpec } from './cells.js';
import type { BenchCellResult } from './run-cell.js';

/** Hooks the runner calls as cells start and finish. */
export interface ProgressReporter {
  /** Before the first cell: how many will run and how many were reused. */
  start(total: number, reused: number, lanes: number): void;
  /** A lane (one per worker) began a cell. */
  cellStarted(lane: number, cell: CellSpec): void;
  /** A lane finished a cell. */
  cellFinished(lane: number, cell: CellSpec, result: BenchCellResult, ms: number): void;
  /** After the last cell (or an interruption). */
  end(): void;
}

function label(cell: CellSpec): string {
  return `${cell.substrate} ${cell.task} L${cell.level} s${cell.seed}`;
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Counts and estimates the time left from the mean time per finished cell. */
class Tally {
  done = 0;
  failed = 0;
  total = 0;
  private startedAt = 0;
  begin(total: number): void {
    this.total = total;
    this.startedAt = performance.now();
  }
  finish(result: BenchCellResult): void {
    this.done++;
    if (result.status === 'failed') this.failed++;
  }
  eta(): string {
    if (this.done === 0) return '?';
    const elapsed = performance.now() - this.startedAt;
    return duration((elapsed / this.done) * (this.total - this.done));
  }
}

/** One plain line per finished cell (for CI logs and pipes). */
export function plainReporter(write: (line: string) => void): ProgressReporter {
  const tally = new Tally();
  return {
    start(total, reused, lanes) {
      tally.begin(total);
      write(
        `running ${total} cells on ${lanes} lane(s)${reused ? `, ${reused} reused from earlier runs` : ''}`,
      );
    },
    cellStarted() {},
    cellFinished(_lane, cell, result, ms) {
      tally.finish(result);
      const status = result.status === 'ok' ? 'ok' : `FAILED: ${result.error ?? ''}`;
      write(`[${tally.done}/${tally.total}] ${label(cell)} ${status} (${duration(ms)}, ETA ${tally.eta()})`);
    },
    end() {
      write(`finished ${tally.done}/${tally.total} cells, ${tally.failed} failed`);
    },
  };
}

/** A live line per lane plus a summary line, redrawn in place on a terminal. */
export function ttyReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const tally = new Tally();
  let lines: string[] = [];
  let drawn = 0;
  const redraw = () => {
    const summary = `${tally.done}/${tally.total} cells, ${tally.failed} failed, ETA ${tally.eta()}`;
    const all = [...lines, summary];
    let out = drawn ? `\x1b[${drawn}A` : '';
    for (const line of all) out += `\x1b[2K${line.slice(0, (stream.columns || 100) - 1)}\n`;
    stream.write(out);
    drawn = all.length;
  };
  return {
    start(total, reused, lanes) {
      tally.begin(total);
      if (reused) stream.write(`${reused} cells reused from earlier runs\n`);
      lines = Array.from({ length: lanes }, (_, i) => `worker ${i + 1}: idle`);
      redraw();
    },
    cellStarted(lane, cell) {
      lines[lane] = `worker ${lane + 1}: ${label(cell)}…`;
      redraw();
    },
    cellFinished(lane, cell, result, ms) {
      tally.finish(result);
      if (result.status === 'failed') {
        // keep failures visible above the live lines
        stream.write(`${drawn ? `\x1b[${drawn}A` : ''}\x1b[J${label(cell)} FAILED: ${result.error ?? ''}\n`);
        drawn = 0;
      }
      lines[lane] = `worker ${lane + 1}: idle (last: ${label(cell)} ${result.status}, ${duration(ms)})`;
      redraw();
    },
    end() {
      redraw();
    },
  };
}

/** A reporter that prints nothing (for programmatic runs). */
export const silentReporter: ProgressReporter = {
  start() {},
  cellStarted() {},
  cellFinished() {},
  end() {},
};
