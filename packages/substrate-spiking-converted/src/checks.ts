import {
  accuracy,
  check,
  type SelfCheck,
  type SelfCheckOptions,
  type SubstrateFactory,
  takeRows,
} from '@scrutable/core';
import { DOMAINS, generateTask } from '@scrutable/tasks';
import { type AgreementPoint, agreementCurve } from './agreement.js';
import { ConvertedSubstrate } from './converted-substrate.js';

/**
 * The domain levels of the benchmark's quick suite (every task family at levels 1 and 2), on each of
 * which the conversion is checked.
 */
export const QUICK_SUITE_LEVELS: readonly { readonly domain: string; readonly level: number }[] =
  DOMAINS.flatMap((d) => [1, 2].map((level) => ({ domain: d.id, level })));

/** Read long enough, the converted network must predict what its source predicts on this share of tests. */
export const MIN_AGREEMENT = 0.99;
export const AGREEMENT_WINDOW_MS = 1000;
/** Test examples read per domain level with `quick` (all of them otherwise). */
const QUICK_TEST_ROWS = 64;

/** What one domain level's check records: the curve the report draws, and both test accuracies. */
export interface ConversionObservation {
  readonly agreement: number;
  readonly curve: readonly AgreementPoint[];
  readonly sourceTestAccuracy: number;
  readonly convertedTestAccuracy: number;
  readonly testExamples: number;
}

/**
 * The conversion's self-checks: on every quick-suite domain level, the source is fitted (its own
 * defaults, the given seed), converted, and both read on the test split; the converted network's
 * predicted classes must agree with the source's on at least 99% of examples at a 1000 ms window.
 * Each check also records the agreement at every window from 10 to 1000 ms and both test accuracies.
 */
export async function conversionChecks(
  source: SubstrateFactory | undefined,
  options: SelfCheckOptions = {},
): Promise<SelfCheck[]> {
  check(source !== undefined, 'spiking-converted checks need the source factory (options.source)');
  const seed = options.seed ?? 0;
  const results: SelfCheck[] = [];
  for (const { domain, level } of QUICK_SUITE_LEVELS) {
    options.signal?.throwIfAborted();
    const task = generateTask(domain, { level, seed });
    const fitted = source.create();
    const converted = new ConvertedSubstrate(source);
    try {
      await fitted.fit(task, { seed, ...(options.signal ? { signal: options.signal } : {}) });
      await converted.convertFitted(fitted, task);
      const rows = options.quick ? Math.min(QUICK_TEST_ROWS, task.test.inputs.rows) : task.test.inputs.rows;
      const indices = Array.from({ length: rows }, (_, i) => i);
      const inputs = takeRows(task.test.inputs, indices);
      const targets = takeRows(task.test.targets, indices);
      const sourceOutputs = await fitted.predict(inputs);
      const curve = agreementCurve(converted, inputs, sourceOutputs);
      const agreement = curve.find((p) => p.windowMs === AGREEMENT_WINDOW_MS)!.agreement;
      const convertedOutputs = await converted.predict(inputs, { windowMs: AGREEMENT_WINDOW_MS });
      const observed: ConversionObservation = {
        agreement,
        curve,
        sourceTestAccuracy: accuracy(sourceOutputs, targets, task.heads),
        convertedTestAccuracy: accuracy(convertedOutputs, targets, task.heads),
        testExamples: rows,
      };
      results.push({
        name: `agreement with ${source.id} at ${AGREEMENT_WINDOW_MS} ms: ${domain} L${level}`,
        passed: agreement >= MIN_AGREEMENT,
        observed,
        expected: `agreement >= ${MIN_AGREEMENT}`,
      });
    } finally {
      fitted.dispose();
      converted.dispose();
    }
  }
  return results;
}
