import { ScrutableError, unknownName } from '@scrutable/core';
import { readConfigFile } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { selfCheckReport } from '../self-checks.js';
import type { RegisterCommand } from './context.js';

/** A value in one short line: numbers to 4 significant digits, anything else as JSON. */
function brief(value: unknown): string {
  if (typeof value === 'number') return String(Number(value.toPrecision(4)));
  return JSON.stringify(value) ?? String(value);
}

/** `scrutable validate <substrate>`: the self-checks its factory ships. */
export const registerValidate: RegisterCommand = (program, context) => {
  program
    .command('validate')
    .description('run a substrate’s self-checks: its science measured against independent expectations')
    .argument('<substrate>', 'substrate id (see `substrates list`)')
    .option('--json', 'print { substrate, passed, checks: [{ name, passed, observed, expected }] }')
    .option('--quick', 'shorter runs where a check has a length (same thresholds)')
    .option('--config <file>', 'also search the packages this JSON config file names')
    .action(async (id: string, flags: { json?: boolean; quick?: boolean; config?: string }) => {
      const registry = await context.registryFor(
        flags.config !== undefined ? readConfigFile(flags.config) : {},
      );
      const entry = registry.entries.find((e) => e.factory.id === id);
      if (!entry)
        unknownName(
          'substrate',
          id,
          registry.entries.map((e) => e.factory.id),
        );
      const byId = new Map(registry.entries.map((e) => [e.factory.id, e]));
      const report = await selfCheckReport(entry, byId, flags.quick ? { quick: true } : {});
      if (!report)
        throw new ScrutableError(
          'UNSUPPORTED',
          `substrate '${id}' ships no self-checks (its factory has no checks)`,
        );
      if (!report.passed) context.exit(EXIT.failed);
      if (flags.json) {
        context.say(JSON.stringify({ substrate: id, ...report }, null, 2));
        return;
      }
      for (const check of report.checks)
        context.say(
          `${check.passed ? 'pass' : 'FAIL'}  ${check.name}: observed ${brief(check.observed)}, expected ${brief(check.expected)}`,
        );
      if (report.error) context.say(`FAIL  the checks could not run: ${report.error}`);
      context.say(report.passed ? `${id}: all ${report.checks.length} checks passed` : `${id}: FAILED`);
    });
};
