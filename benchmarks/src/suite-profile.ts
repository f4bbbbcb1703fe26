#!/usr/bin/env node
// Where a suite's time went, as markdown: CPU self time by package and by function from the
// `.cpuprofile` files of `node --cpu-prof` (one per thread), and fit and analysis time per substrate,
// per analysis family and per task level from the suite's results.json.
// Usage: node benchmarks/dist/suite-profile.js <results.json> <profile.cpuprofile>...
import { readFileSync } from 'node:fs';
import { EXIT } from '@scrutable/bench';
import { type CellCost, costTable } from './cell-costs.js';
import { type CpuProfile, profileShares } from './cpu-profile-shares.js';

const USAGE = 'usage: node benchmarks/dist/suite-profile.js <results.json> <profile.cpuprofile>...\n';

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)}%`;
}

function main(): void {
  const [resultsFile, ...profileFiles] = process.argv.slice(2);
  if (!resultsFile || profileFiles.length === 0) {
    process.stderr.write(USAGE);
    process.exitCode = EXIT.usage;
    return;
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { cells: CellCost[] };
  const profiles = profileFiles.map((file) => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const shares = profileShares(profiles);
  const costs = costTable(results.cells);
  const lines = [
    `Sampled ${shares.totalSeconds.toFixed(0)} s over ${profiles.length} thread(s).`,
    '',
    '| where | self time | share |',
    '| --- | ---: | ---: |',
    ...shares.byArea
      .slice(0, 15)
      .map((a) => `| ${a.area} | ${a.seconds.toFixed(1)} s | ${percent(a.seconds, shares.totalSeconds)} |`),
    '',
    '| function | self time | share |',
    '| --- | ---: | ---: |',
    ...shares.byFunction
      .slice(0, 15)
      .map((f) => `| ${f.name} | ${f.seconds.toFixed(1)} s | ${percent(f.seconds, shares.totalSeconds)} |`),
    '',
    `${costs.cells} cells: fit ${costs.fitSeconds.toFixed(0)} s, analysis ${costs.analysisSeconds.toFixed(0)} s (wall time inside each cell).`,
    '',
    '| substrate | cells | fit | analysis | share |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...costs.bySubstrate.map(
      (s) =>
        `| ${s.substrate} | ${s.cells} | ${s.fitSeconds.toFixed(1)} s | ${s.analysisSeconds.toFixed(1)} s | ${percent(s.fitSeconds + s.analysisSeconds, costs.fitSeconds + costs.analysisSeconds)} |`,
    ),
    '',
    '| analysis family | time | share of analysis |',
    '| --- | ---: | ---: |',
    ...costs.byFamily.map(
      (f) => `| ${f.family} | ${f.seconds.toFixed(1)} s | ${percent(f.seconds, costs.analysisSeconds)} |`,
    ),
    '',
    '| task and level | fit + analysis |',
    '| --- | ---: |',
    ...costs.byTaskLevel.map((t) => `| ${t.taskLevel} | ${t.seconds.toFixed(1)} s |`),
    '',
    '| costliest cells | fit | analysis |',
    '| --- | ---: | ---: |',
    ...costs.costliest.map(
      (c) => `| ${c.cell} | ${c.fitSeconds.toFixed(1)} s | ${c.analysisSeconds.toFixed(1)} s |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
