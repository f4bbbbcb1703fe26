#!/usr/bin/env node
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchRecord, BenchSize } from './harness.js';
import { loadSuites } from './load-suites.js';
import { median, relativeSpread } from './stats.js';

/** A record with its summary figures, as written to results/latest.json. */
export interface SummarisedRecord extends BenchRecord {
  median: number;
  relativeSpread: number;
  meetsTarget?: boolean;
}

/** Median, spread and target verdict of one record. */
export function summarise(record: BenchRecord): SummarisedRecord {
  const m = median(record.samples);
  const meetsTarget = record.target
    ? record.target.op === '>='
      ? m >= record.target.value
      : m <= record.target.value
    : undefined;
  return {
    ...record,
    median: m,
    relativeSpread: relativeSpread(record.samples),
    ...(meetsTarget === undefined ? {} : { meetsTarget }),
  };
}

/** A Markdown table of summarised records. */
export function markdownTable(records: readonly SummarisedRecord[]): string {
  const fmt = (v: number) =>
    Math.abs(v) >= 1000
      ? Math.round(v).toLocaleString('en-US')
      : Number.isInteger(v)
        ? String(v)
        : v.toPrecision(3);
  const lines = ['| benchmark | metric | median | spread | target |', '| --- | --- | ---: | ---: | --- |'];
  for (const r of records) {
    const target = r.target
      ? `${r.target.op} ${fmt(r.target.value)} ${r.meetsTarget ? 'met' : 'MISSED'}`
      : '';
    lines.push(
      `| ${r.benchmark} | ${r.metric} (${r.unit}) | ${fmt(r.median)} | ±${(100 * r.relativeSpread).toFixed(1)}% | ${target} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'full' },
      repeats: { type: 'string', default: '5' },
      only: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: npm run bench:perf -- [--size tiny|full] [--repeats N] [--only suite,suite] [--out DIR]\n',
    );
    return;
  }
  if (values.size !== 'tiny' && values.size !== 'full')
    throw new Error(`--size must be tiny or full, got ${values.size}`);
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1)
    throw new Error(`--repeats must be a positive integer, got ${values.repeats}`);
  const suites = await loadSuites(values.only?.split(','));
  const records: SummarisedRecord[] = [];
  for (const suite of suites) {
    process.stdout.write(`# ${suite.name}: ${suite.description}\n`);
    for (const r of await suite.run({
      size: values.size as BenchSize,
      repeats,
      log: (line) => process.stdout.write(`  ${line}\n`),
    })) {
      records.push(summarise(r));
    }
  }
  const table = markdownTable(records);
  process.stdout.write(`\n${table}\n`);
  const outDir = values.out ?? fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  const rootManifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    freeMemoryGiB: +(freemem() / 2 ** 30).toFixed(1),
    platform: `${platform()} ${release()}`,
    node: process.version,
  };
  const result = {
    createdAt: new Date().toISOString(),
    size: values.size,
    repeats,
    machine,
    tooling: rootManifest.devDependencies,
    records,
  };
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(
    join(outDir, 'latest.md'),
    `# Latest benchmark figures\n\n${result.createdAt}, ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, size ${values.size}, ${repeats} repeats.\n\n${table}\n`,
  );
  process.stdout.write(`\nwrote ${join(outDir, 'latest.json')} and latest.md\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
