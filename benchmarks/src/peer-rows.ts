import { existsSync, readFileSync } from 'node:fs';
import type { PeerWorkload } from './cli-options.js';

/** One line of the comparison: Scrutable's figure, the peer's, and their ratio. */
export interface PeerRow {
  group: PeerWorkload;
  workload: string;
  scrutable: number;
  peer: number;
  unit: string;
  ratio: number;
  note: string;
}

/**
 * The rows and measurements of the last `bench:peers` run, so a run of one workload group (`--only`)
 * keeps the other's. Rows from before groups were recorded count as nothing kept.
 */
export function readPreviousPeers(file: string): { rows: PeerRow[]; measured: Record<string, unknown> } {
  if (!existsSync(file)) return { rows: [], measured: {} };
  const previous = JSON.parse(readFileSync(file, 'utf8')) as {
    rows?: Partial<PeerRow>[];
    measured?: Record<string, unknown>;
  };
  const rows = (previous.rows ?? []).filter((row): row is PeerRow => typeof row.group === 'string');
  return { rows, measured: previous.measured ?? {} };
}
