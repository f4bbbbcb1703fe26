#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from '@scrutable/bench';
import { isScrutableError } from '@scrutable/core';
import { PERF_USAGE, parsePerfOptions } from './cli-options.js';
import type { BenchSuite } from './harness.js';
import { loadSuites } from './load-suites.js';
import {
  describeMachine,
  markdownTable,
  readResultsFile,
  type SummarisedRecord,
  summarise,
  withSuite,
  writeResultsFile,
} from './results-file.js';

/** Where `main` writes, and what it runs (tests inject small suites). */
export interface PerfContext {
  readonly suites?: readonly BenchSuite[];
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

/**
 * `bench:perf`: runs the chosen suites and records each one's figures as soon as it finishes. A suite
 * that throws is reported and the others still run; its previous figures stay. Returns the exit code.
 */
export async function main(argv: readonly string[], context: PerfContext = {}): Promise<number> {
  const stdout = context.stdout ?? ((text: string) => process.stdout.write(text));
  const stderr = context.stderr ?? ((text: string) => process.stderr.write(text));
  const suites = context.suites ?? (await loadSuites());
  const order = suites.map((s) => s.name);
  let options: ReturnType<typeof parsePerfOptions>;
  let file: ReturnType<typeof readResultsFile>;
  try {
    options = parsePerfOptions(argv, order);
    if (options.help) {
      stdout(PERF_USAGE);
      return EXIT.ok;
    }
    // Read before running anything, so a file that cannot be updated stops the run at once.
    file = readResultsFile(options.out);
  } catch (e) {
    if (!isScrutableError(e)) throw e;
    stderr(`error: ${e.message}\n${e.code === 'BAD_STATE' ? '' : PERF_USAGE}`);
    return EXIT.usage;
  }
  const tooling = rootDevDependencies();
  const ran: SummarisedRecord[] = [];
  const failed: string[] = [];
  for (const suite of suites.filter((s) => options.suites.includes(s.name))) {
    stdout(`# ${suite.name}: ${suite.description}\n`);
    const createdAt = new Date().toISOString();
    let records: SummarisedRecord[];
    try {
      const raw = await suite.run({
        size: options.size,
        repeats: options.repeats,
        log: (line) => stdout(`  ${line}\n`),
      });
      records = raw.map(summarise);
    } catch (e) {
      failed.push(suite.name);
      stderr(`suite ${suite.name} failed; its previous figures are kept:\n${(e as Error).stack ?? e}\n`);
      continue;
    }
    const { size, repeats, out } = options;
    const result = {
      suite: suite.name,
      createdAt,
      size,
      repeats,
      machine: describeMachine(),
      tooling,
      records,
    };
    file = withSuite(file, result, order);
    writeResultsFile(out, file);
    ran.push(...records);
    stdout(`  saved in ${join(out, 'latest.json')}\n`);
  }
  stdout(`\n${markdownTable(ran)}\n`);
  if (failed.length > 0) {
    stderr(`failed: ${failed.join(', ')}\n`);
    return EXIT.failed;
  }
  stdout(`\nwrote ${join(options.out, 'latest.json')} and latest.md\n`);
  return EXIT.ok;
}

function rootDevDependencies(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  return manifest.devDependencies ?? {};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupted: the suites that finished are saved\n');
    process.exit(EXIT.interrupted);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
