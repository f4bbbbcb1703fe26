import { readFileSync } from 'node:fs';
import { ScrutableError } from '@scrutable/core';
import type { ReportResults } from '@scrutable/report';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** The results contract (the JSON Schema of results.json), owned by `@scrutable/core`. */
export const RESULTS_SCHEMA_FILE = new URL(import.meta.resolve('@scrutable/core/results.schema.json'));

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Problems listed in an error before the rest are counted. */
const SHOWN_PROBLEMS = 5;

let validators: { results: ValidateFunction; cell: ValidateFunction } | undefined;

/** Validators of a whole results file and of one of its cells (the schema's `cells` items). */
function schemaValidators(): { results: ValidateFunction; cell: ValidateFunction } {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(RESULTS_SCHEMA_FILE, 'utf8'));
    const results = ajv.compile(schema);
    // the cell part by JSON pointer, so its references resolve within the whole schema
    const cell = ajv.getSchema(`${schema.$id}#/properties/cells/items`);
    if (!cell) throw new Error(`the results schema (${schema.$id}) has no cells/items`);
    validators = { results, cell };
  }
  return validators;
}

/** A validator's errors as one line: the first few, then how many more. */
function describeProblems(errors: readonly ErrorObject[] | null | undefined): string {
  const problems = (errors ?? []).map((e) => {
    const allowed = e.keyword === 'const' ? ` ${JSON.stringify(e.params['allowedValue'])}` : '';
    return `${e.instancePath || '(root)'} ${e.message ?? ''}${allowed}`;
  });
  const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : '';
  return `${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}`;
}

/** `json` as results, when it validates against the results schema; BAD_INPUT naming `source` otherwise. */
export function checkResults(json: unknown, source: string): ReportResults {
  const { results } = schemaValidators();
  if (results(json)) return json as ReportResults;
  throw new ScrutableError(
    'BAD_INPUT',
    `${source} does not match the results schema: ${describeProblems(results.errors)}`,
  );
}

/** Why `json` is not a valid cell of a results file, or undefined when it is one. */
export function cellSchemaProblem(json: unknown): string | undefined {
  const { cell } = schemaValidators();
  return cell(json) ? undefined : `does not match the results schema: ${describeProblems(cell.errors)}`;
}
