import { hashSeed, type OutputHead, Rng, ScrutableError } from '@scrutable/core';
import { parse } from 'csv-parse/sync';
import { type ColumnPlan, planColumns } from './csv-header.js';
import { withLinearBaseline } from './linear-baseline.js';
import { constantGuessAccuracy, ExampleTable, type LatentSpec } from './table.js';
import type { TaskInstance } from './types.js';

/** Share of rows that become test rows when the file has no `split` column. */
export const FILE_TEST_FRACTION = 0.25;

/** Options of `readTaskCsv`. */
export interface ReadTaskOptions {
  /** The task's name (e.g. the file's name), used in its `name` and in every error. */
  readonly name: string;
  /** Seeds the train/test split of a file without a `split` column. */
  readonly seed: number;
}

/**
 * Reads a task from CSV in the format `taskToCsv` writes (`docs/domains.md`, "Your own task"): a
 * header of `in_*`, `target_*` and `latent_*` columns (kinds after a colon, inferred when left out),
 * an optional `split` column (`train` / `test`; without it a seeded quarter of the rows are test
 * rows), then one row per example. The task has latents but no causal model (`hasCausalModel:
 * false`): `groundTruth` throws UNSUPPORTED. Every problem is a BAD_INPUT error naming the row
 * (the header is row 1) and the column.
 */
export function readTaskCsv(text: string, options: ReadTaskOptions): TaskInstance {
  const { name } = options;
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new ScrutableError(
      'BAD_INPUT',
      `${name}: not readable as CSV${line ? ` at row ${line}` : ''}: ${(e as Error).message}`,
    );
  }
  const [header, ...body] = records;
  if (!header || body.length === 0)
    throw new ScrutableError('BAD_INPUT', `${name}: needs a header row and at least one example row`);
  const plan = planColumns(header, name);
  const values = body.map((fields, r) => parseRow(fields, r + 2, header, plan, name));
  const heads = plan.heads.map((h) => ({
    name: h.name,
    kind: h.kind ?? inferHeadKind(values, h.columns),
    size: h.columns.length,
  }));
  heads.forEach((head, k) => {
    checkHead(values, head, plan.heads[k]!.columns, header, name);
  });
  const latents: LatentSpec[] = plan.latents.map((l) => l.spec ?? inferLatent(values, l.column, l.name));
  latents.forEach((spec, k) => {
    checkLatent(values, spec, plan.latents[k]!.column, header, name);
  });
  const { trainRows, testRows } = splitOf(body, plan, options);
  if (trainRows.length === 0 || testRows.length === 0)
    throw new ScrutableError('BAD_INPUT', `${name}: needs at least one train row and one test row`);

  const targetColumns = plan.heads.flatMap((h) => h.columns);
  const table = new ExampleTable(plan.inputs.length, targetColumns.length, latents.length, values.length);
  for (const row of values)
    table.add({
      input: Float32Array.from(plan.inputs, (c) => row[c]!),
      targets: Float32Array.from(targetColumns, (c) => row[c]!),
      latents: Float32Array.from(plan.latents, (l) => row[l.column]!),
    });
  const test = table.split(testRows, latents);
  const task: TaskInstance = {
    name: `file:${name}`,
    domain: 'file',
    level: 1,
    seed: options.seed,
    inputNames: plan.inputs.map((c) => header[c]!.slice('in_'.length)),
    heads,
    train: table.split(trainRows, latents),
    test,
    chance: constantGuessAccuracy(test.targets, heads),
    // A file states no query space: its complexity is that of a table of its own distinct rows.
    complexity: Math.log2(values.length),
    structure: { domain: 'file', source: name },
    hasCausalModel: false,
    groundTruth() {
      throw new ScrutableError(
        'UNSUPPORTED',
        `${name}: a task read from a file has latents for its rows but no causal model, so counterfactual outputs are not available`,
      );
    },
  };
  return withLinearBaseline(task);
}

/** One body row's numbers (`split` column left NaN); `line` is its row number in the file. */
function parseRow(
  fields: string[],
  line: number,
  header: string[],
  plan: ColumnPlan,
  name: string,
): Float64Array {
  if (fields.length !== header.length)
    throw new ScrutableError(
      'BAD_INPUT',
      `${name}: row ${line} has ${fields.length} fields, the header has ${header.length}`,
    );
  const out = new Float64Array(fields.length).fill(Number.NaN);
  fields.forEach((text, c) => {
    if (c === plan.split) {
      if (text !== 'train' && text !== 'test')
        throw bad(name, line, c, header, `split must be 'train' or 'test', got '${text}'`);
      return;
    }
    const v = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(v)) throw bad(name, line, c, header, `'${text}' is not a finite number`);
    if (!Number.isFinite(Math.fround(v))) throw bad(name, line, c, header, `${text} is out of float32 range`);
    out[c] = v;
  });
  return out;
}

function bad(name: string, line: number, column: number, header: string[], problem: string): ScrutableError {
  return new ScrutableError(
    'BAD_INPUT',
    `${name}: row ${line}, column ${column + 1} (${header[column]}): ${problem}`,
  );
}

/** A head's kind when the header names none: one-hot rows make a class head, 0/1 a binary head, else real. */
function inferHeadKind(values: Float64Array[], columns: readonly number[]): OutputHead['kind'] {
  const bits = values.every((row) => columns.every((c) => row[c] === 0 || row[c] === 1));
  if (!bits) return 'real';
  const oneHot =
    columns.length > 1 && values.every((row) => columns.filter((c) => row[c] === 1).length === 1);
  return oneHot ? 'class' : 'binary';
}

function checkHead(
  values: Float64Array[],
  head: OutputHead,
  columns: readonly number[],
  header: string[],
  name: string,
): void {
  values.forEach((row, r) => {
    if (head.kind === 'real') return;
    for (const c of columns)
      if (row[c] !== 0 && row[c] !== 1)
        throw bad(name, r + 2, c, header, `a ${head.kind} target must be 0 or 1, got ${row[c]}`);
    if (head.kind === 'class' && columns.filter((c) => row[c] === 1).length !== 1)
      throw bad(name, r + 2, columns[0]!, header, `class head '${head.name}' needs exactly one 1 per row`);
  });
}

/** A latent's kind when the header names none: 0/1 binary, other non-negative integers categorical, else continuous. */
function inferLatent(values: Float64Array[], column: number, latentName: string): LatentSpec {
  const column_ = values.map((row) => row[column]!);
  if (column_.every((v) => v === 0 || v === 1)) return { name: latentName, kind: 'binary', categories: 2 };
  if (column_.every((v) => Number.isInteger(v) && v >= 0))
    return { name: latentName, kind: 'categorical', categories: Math.max(...column_) + 1 };
  return { name: latentName, kind: 'continuous' };
}

function checkLatent(
  values: Float64Array[],
  spec: LatentSpec,
  column: number,
  header: string[],
  name: string,
): void {
  if (spec.kind === 'continuous') return;
  const k = spec.categories ?? 2;
  values.forEach((row, r) => {
    const v = row[column]!;
    if (!Number.isInteger(v) || v < 0 || v >= k)
      throw bad(
        name,
        r + 2,
        column,
        header,
        `a ${spec.kind} latent must be an integer from 0 to ${k - 1}, got ${v}`,
      );
  });
}

/** Train and test row indices: from the `split` column, or a seeded FILE_TEST_FRACTION of the rows. */
function splitOf(
  body: string[][],
  plan: ColumnPlan,
  options: ReadTaskOptions,
): { trainRows: number[]; testRows: number[] } {
  const trainRows: number[] = [];
  const testRows: number[] = [];
  if (plan.split !== undefined) {
    body.forEach((fields, r) => {
      (fields[plan.split!] === 'test' ? testRows : trainRows).push(r);
    });
    return { trainRows, testRows };
  }
  const order = new Rng(hashSeed(options.seed, 'file-split')).permutation(body.length);
  const testCount = Math.round(body.length * FILE_TEST_FRACTION);
  return {
    trainRows: order.slice(testCount).sort((a, b) => a - b),
    testRows: order.slice(0, testCount).sort((a, b) => a - b),
  };
}
