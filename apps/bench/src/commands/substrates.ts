import { readConfigFile } from '../config.js';
import type { RegisterCommand } from './context.js';

/** `scrutable substrates list`: what the registry found. */
export const registerSubstrates: RegisterCommand = (program, context) => {
  program
    .command('substrates')
    .description('what the registry found')
    .command('list')
    .description('list the registered substrates')
    .option('--json', 'print JSON')
    .option('--config <file>', 'also search the packages this JSON config file names')
    .action(async (flags: { json?: boolean; config?: string }) => {
      const file = flags.config !== undefined ? readConfigFile(flags.config) : {};
      const rows = (await context.registryFor(file)).entries.map((e) => ({
        id: e.factory.id,
        family: e.factory.family,
        synchronous: e.factory.synchronous,
        learning: e.factory.learning,
        package: e.packageName,
        ...(e.factory.derivedFrom ? { derivedFrom: e.factory.derivedFrom } : {}),
        selfChecks: !!e.factory.checks,
        description: e.factory.description,
      }));
      if (flags.json) {
        context.say(JSON.stringify(rows, null, 2));
        return;
      }
      // columns as wide as their longest entry, so the descriptions line up
      const width = (key: 'id' | 'family' | 'package' | 'learning') =>
        Math.max(...rows.map((r) => r[key].length));
      const [id, family, pkg, learning] = [width('id'), width('family'), width('package'), width('learning')];
      for (const r of rows)
        context.say(
          `${r.id.padEnd(id)}  ${r.family.padEnd(family)}  ${r.synchronous ? 'sync ' : 'async'}  ${r.learning.padEnd(learning)}  ${r.package.padEnd(pkg)}  ${r.description}`,
        );
    });
};
