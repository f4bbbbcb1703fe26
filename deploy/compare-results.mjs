// Compares two results.json files apart from what legitimately differs between runs of the same
// cells: timings (`cost`, fields ending in Ms), `createdAt`, and the run record (a merge lists its
// shards). Prints the comparison; exits 0 when they are equal, 1 when not.
// Usage: node deploy/compare-results.mjs A/results.json B/results.json
import { readFileSync } from 'node:fs';

const SKIPPED = new Set(['cost', 'createdAt', 'run']);

function withoutTimings(value) {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SKIPPED.has(k) && !/(ms|Ms)$/.test(k))
        .map(([k, v]) => [k, withoutTimings(v)]),
    );
  return value;
}

/** Paths of the leaves that differ between a and b. */
function differences(a, b, path = '') {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences(a[k], b[k], `${path}/${k}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path || '/'];
}

const [fileA, fileB] = process.argv.slice(2);
if (!fileA || !fileB) {
  console.error('usage: compare-results.mjs A/results.json B/results.json');
  process.exit(2);
}
const [a, b] = [fileA, fileB].map((f) => JSON.parse(readFileSync(f, 'utf8')));
const diff = differences(withoutTimings(a), withoutTimings(b));
const ids = (r) => r.cells.map((c) => c.id).join(',');
console.log(`cells: ${a.cells.length} vs ${b.cells.length}; same cell ids: ${ids(a) === ids(b)}`);
console.log(
  `differing leaves apart from timings: ${diff.length}${diff.length ? ` (${diff.slice(0, 10).join(', ')})` : ''}`,
);
process.exit(diff.length === 0 && ids(a) === ids(b) ? 0 : 1);
