import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic.js';
import { canonicalJson } from './cells.js';
import { cellSchemaProblem } from './results-schema.js';
import type { BenchCellResult } from './run-cell.js';

/**
 * A finished cell on disk (runs/<id>.json, or a cache entry): the cell's result plus `checksum`, the
 * SHA-256 of the canonical JSON of the rest, so an edited file is found out and not reused.
 */
type CellFile = BenchCellResult & { checksum?: string };

/** SHA-256 (hex) of a cell's canonical JSON. */
function checksumOf(cell: BenchCellResult): string {
  return createHash('sha256').update(canonicalJson(cell)).digest('hex');
}

/** Writes a cell's result with its checksum, atomically. */
export function writeCellFile(path: string, cell: BenchCellResult): void {
  const { checksum: _, ...plain } = cell as CellFile;
  writeFileAtomic(path, JSON.stringify({ ...plain, checksum: checksumOf(plain) }));
}

/** What reading a saved cell found: a reusable result, nothing, or why the file cannot be used. */
export type SavedCell =
  | { readonly kind: 'ok'; readonly cell: BenchCellResult }
  | { readonly kind: 'missing' }
  | { readonly kind: 'failed' }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Reads a saved cell for reuse: it must parse, be the cell `id`, validate against the results schema's
 * cell part and match its checksum. A failed cell is not reused (it is retried), and never an error.
 */
export function readCellFile(path: string, id: string): SavedCell {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', reason: `cannot be read (${(e as Error).message})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { kind: 'invalid', reason: `is not valid JSON (${(e as Error).message})` };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { kind: 'invalid', reason: 'is not a JSON object' };
  const { checksum, ...cell } = json as CellFile;
  if (cell.id !== id) return { kind: 'invalid', reason: `holds cell '${String(cell.id)}', not '${id}'` };
  const schemaProblem = cellSchemaProblem(cell);
  if (schemaProblem) return { kind: 'invalid', reason: schemaProblem };
  if (checksum !== checksumOf(cell))
    return {
      kind: 'invalid',
      reason:
        checksum === undefined
          ? 'has no checksum'
          : 'does not match its checksum (edited after it was written)',
    };
  return cell.status === 'ok' ? { kind: 'ok', cell } : { kind: 'failed' };
}

/** A cell as results.json records it: without the file's checksum. */
export function withoutChecksum(cell: BenchCellResult): BenchCellResult {
  const { checksum: _, ...plain } = cell as CellFile;
  return plain;
}
