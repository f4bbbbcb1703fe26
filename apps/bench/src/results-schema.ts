import { readFileSync } from 'node:fs';
import { ScrutableError } from '@scrutable/core';
import type { ReportResults } from '@scrutable/report';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** The results contract (the JSON Schema of results.json), owned by `@scrutable/core`. */
export const RESULTS_SCHEMA_FILE = new URL(import.meta.resolve('@scrutable/core/results.schema.json'));

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Problems listed in an error before the rest are counted. */
const SHOWN_PROBLEMS = 5;

let validator: ValidateFunction | undefined;

function validateAgainstSchema(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(RESULTS_SCHEMA_FILE, 'utf8')));
  }
  return validator;
}

/** `json` as results, when it validates against the results schema; BAD_INPUT naming `source` otherwise. */
export function checkResults(json: unknown, source: string): ReportResults {
  const validate = validateAgainstSchema();
  if (validate(json)) return json as ReportResults;
  const problems = (validate.errors ?? []).map((e) => {
    const allowed = e.keyword === 'const' ? ` ${JSON.stringify(e.params['allowedValue'])}` : '';
    return `${e.instancePath || '(root)'} ${e.message ?? ''}${allowed}`;
  });
  const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : '';
  throw new ScrutableError(
    'BAD_INPUT',
    `${source} does not match the results schema: ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}`,
  );
}
