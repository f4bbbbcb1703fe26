#!/usr/bin/env node
// Runs spiking-converted's self-checks with dense as the source and prints one JSON line per check
// (agreement at 1000 ms, the agreement curve, both test accuracies):
//   node scripts/conversion-checks.mjs [--seed N] [--quick]      (after `npm run build`)
import { parseArgs } from 'node:util';
import dense from '@scrutable/substrate-dense';
import { conversionChecks } from '@scrutable/substrate-spiking-converted';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '0' }, quick: { type: 'boolean' } },
});
const seed = Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) {
  console.error(`--seed must be a non-negative integer, got '${values.seed}'`);
  process.exit(2);
}
const checks = await conversionChecks(dense, { seed, quick: values.quick === true });
for (const check of checks) console.log(JSON.stringify(check));
process.exitCode = checks.every((c) => c.passed) ? 0 : 1;
