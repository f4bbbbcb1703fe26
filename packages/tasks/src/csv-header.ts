import { type OutputHead, ScrutableError } from '@scrutable/core';
import type { LatentSpec } from './table.js';

/** Where each part of a task lives among a CSV file's columns (0-based), read from its header. */
export interface ColumnPlan {
  /** The `split` column, when there is one. */
  readonly split?: number;
  readonly inputs: readonly number[];
  /** Heads in order, each over consecutive target columns; `kind` absent when the header names none. */
  readonly heads: ReadonlyArray<{
    readonly name: string;
    readonly kind?: OutputHead['kind'];
    readonly columns: number[];
  }>;
  /** Latents in order; `spec` absent when the header names no kind. */
  readonly latents: ReadonlyArray<{
    readonly name: string;
    readonly column: number;
    readonly spec?: LatentSpec;
  }>;
}

const HEAD_KINDS: readonly OutputHead['kind'][] = ['class', 'binary', 'real'];

/**
 * Reads a header: `split`, `in_<name>`, `target_<head><j>[:<class|binary|real>]` (j = 0, 1, ... in
 * order within a head) and `latent_<name>[:<continuous|binary|categorical<k>>]`. Throws BAD_INPUT
 * naming the column for anything else.
 */
export function planColumns(header: readonly string[], name: string): ColumnPlan {
  const fail = (c: number, problem: string) =>
    new ScrutableError('BAD_INPUT', `${name}: row 1, column ${c + 1} (${header[c]}): ${problem}`);
  let split: number | undefined;
  const inputs: number[] = [];
  const heads: { name: string; kind?: OutputHead['kind']; columns: number[] }[] = [];
  const latents: { name: string; column: number; spec?: LatentSpec }[] = [];
  header.forEach((column, c) => {
    const [base, kind, ...rest] = column.split(':');
    if (rest.length > 0) throw fail(c, 'a column name holds at most one colon, before its kind');
    if (column === 'split') {
      if (split !== undefined) throw fail(c, 'a second split column');
      split = c;
    } else if (column.startsWith('in_') && column.length > 3) inputs.push(c);
    else if (base!.startsWith('target_')) {
      const match = /^target_(.+?)(\d+)$/.exec(base!);
      if (!match) throw fail(c, 'a target column is named target_<head><index>');
      const [, headName, index] = match;
      if (kind !== undefined && !HEAD_KINDS.includes(kind as OutputHead['kind']))
        throw fail(c, `a head kind is one of ${HEAD_KINDS.join(', ')}, got '${kind}'`);
      let head = heads.at(-1);
      if (!head || head.name !== headName || Number(index) === 0) {
        if (heads.some((h) => h.name === headName))
          throw fail(c, `head '${headName}' is split by other columns`);
        head = { name: headName!, columns: [] };
        if (kind !== undefined) head.kind = kind as OutputHead['kind'];
        heads.push(head);
      }
      if (Number(index) !== head.columns.length)
        throw fail(c, `expected target_${headName}${head.columns.length}: a head's columns count up from 0`);
      if (kind !== head.kind) throw fail(c, `head '${headName}' is given two kinds`);
      head.columns.push(c);
    } else if (base!.startsWith('latent_') && base!.length > 7) {
      const latentName = base!.slice('latent_'.length);
      latents.push({
        name: latentName,
        column: c,
        ...(kind === undefined
          ? {}
          : {
              spec: latentSpec(latentName, kind, () =>
                fail(c, `a latent kind is continuous, binary or categorical<k> (k >= 2), got '${kind}'`),
              ),
            }),
      });
    } else throw fail(c, 'a column is split, in_<input>, target_<head><index> or latent_<name>');
  });
  if (inputs.length === 0) throw new ScrutableError('BAD_INPUT', `${name}: the header has no in_ column`);
  if (heads.length === 0) throw new ScrutableError('BAD_INPUT', `${name}: the header has no target_ column`);
  return { ...(split === undefined ? {} : { split }), inputs, heads, latents };
}

function latentSpec(name: string, kind: string, fail: () => Error): LatentSpec {
  if (kind === 'continuous') return { name, kind: 'continuous' };
  if (kind === 'binary') return { name, kind: 'binary', categories: 2 };
  const match = /^categorical(\d+)$/.exec(kind);
  const categories = Number(match?.[1]);
  if (!match || categories < 2) throw fail();
  return { name, kind: 'categorical', categories };
}
