import type { CellSpec } from './cells.js';

/**
 * The cells still to run, handed to the lanes in order, except that a cell whose substrate is derived
 * from another's fit waits while the cell that makes that fit (its source substrate on the same task,
 * level and seed) is queued or running: started beside it, the derived cell would find no stored fit
 * and train the source again. A lane that finds only waiting cells waits for a cell to finish.
 */
export class CellQueue {
  private readonly queue: CellSpec[];
  private readonly unfinished: Set<string>;
  /** Cell id -> the id of the cell that makes its source's fit, when that cell is in the queue. */
  private readonly sourceCell = new Map<string, string>();
  private wake: () => void = () => {};
  private change: Promise<void>;
  private closed = false;

  /** `sourceOf`: the registry id of the substrate a cell's substrate is derived from, if any. */
  constructor(cells: readonly CellSpec[], sourceOf: (cell: CellSpec) => string | undefined) {
    this.queue = [...cells];
    this.unfinished = new Set(cells.map((c) => c.id));
    const byFit = new Map(cells.map((c) => [fitOf(c.substrate, c), c.id]));
    for (const cell of cells) {
      const source = sourceOf(cell);
      const maker = source === undefined ? undefined : byFit.get(fitOf(source, cell));
      if (maker !== undefined) this.sourceCell.set(cell.id, maker);
    }
    this.change = this.nextChange();
  }

  /** The next cell to run, waiting while only derived cells whose source is unfinished remain; undefined when none is left or the queue is closed. */
  async next(): Promise<CellSpec | undefined> {
    for (;;) {
      if (this.closed || this.queue.length === 0) return undefined;
      const ready = this.queue.findIndex((c) => !this.unfinished.has(this.sourceCell.get(c.id) ?? ''));
      if (ready >= 0) return this.queue.splice(ready, 1)[0];
      await this.change;
    }
  }

  /** A cell ended (with a result or without): cells waiting for it may start. */
  finished(cell: CellSpec): void {
    this.unfinished.delete(cell.id);
    this.signal();
  }

  /** No more cells are handed out (the run is stopping); waiting lanes return. */
  close(): void {
    this.closed = true;
    this.signal();
  }

  private signal(): void {
    this.wake();
    this.change = this.nextChange();
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }
}

/** Which fit a cell of `substrate` needs: the substrate on the cell's task, level and seed. */
function fitOf(substrate: string, cell: CellSpec): string {
  return JSON.stringify([substrate, cell.task, cell.level, cell.seed]);
}
