import { ScrutableError, unknownName } from '@scrutable/core';
import { writeFileAtomic } from '../atomic.js';
import { LEVELS } from '../config.js';
import { taskBaselines } from '../deps.js';
import { checkWritableFile, fileName } from '../folders.js';
import { parseInteger, parseIntegerList } from '../parse.js';
import type { RegisterCommand } from './context.js';

/** `scrutable tasks list|export`. */
export const registerTasks: RegisterCommand = (program, context) => {
  const tasksCommand = program.command('tasks').description('list the domains or export one as CSV');
  tasksCommand
    .command('list')
    .description('list the domains, with each level’s chance and linear baselines')
    .option('--json', 'print JSON')
    .option('--levels <list>', 'levels whose baselines to list, e.g. 1-3', '1-3')
    .option('--seed <S>', 'seed of the task instances the baselines are measured on', '0')
    .action(async (flags: { json?: boolean; levels: string; seed: string }) => {
      const tasks = await context.tasks();
      const levels = parseIntegerList(flags.levels, '--levels', LEVELS);
      const seed = parseInteger(flags.seed, '--seed', 0);
      const rows = tasks.domains.map((id) => ({
        id,
        description: tasks.descriptions?.[id] ?? '',
        levels: levels.map((level) => taskBaselines(tasks.generate(id, level, seed))),
      }));
      if (flags.json) context.say(JSON.stringify(rows, null, 2));
      else
        for (const r of rows) {
          context.say(`${r.id.padEnd(10)} ${r.description}`);
          for (const b of r.levels)
            context.say(
              `${''.padEnd(10)} L${b.level}: chance ${b.chance.toFixed(3)}, linear ${b.linear?.toFixed(3) ?? '-'}${b.trivial ? ' (trivial)' : ''}`,
            );
        }
    });
  tasksCommand
    .command('export')
    .description('write one generated task split as CSV (inputs, targets and latents per row)')
    .argument('<domain>', 'domain name')
    .requiredOption('--level <L>', 'complexity level 1..5')
    .requiredOption('--seed <S>', 'seed (non-negative integer)')
    .option('--split <split>', "train, test, or all (both, with a 'split' column)", 'train')
    .requiredOption('--out <file>', "CSV file to write ('-': standard output)")
    .action(async (domain: string, flags: { level: string; seed: string; split: string; out: string }) => {
      const tasks = await context.tasks();
      if (!tasks.domains.includes(domain)) unknownName('task', domain, tasks.domains);
      if (flags.split !== 'train' && flags.split !== 'test' && flags.split !== 'all')
        unknownName('split', flags.split, ['train', 'test', 'all']);
      const level = parseInteger(flags.level, '--level', LEVELS.min, LEVELS.max);
      const seed = parseInteger(flags.seed, '--seed', 0);
      // checked before the task is generated, as bench checks its folders before any cell runs
      const file = flags.out === '-' ? undefined : fileName(flags.out, '--out');
      if (file) checkWritableFile(file, '--out');
      if (!tasks.toCsv) throw new ScrutableError('UNSUPPORTED', 'the tasks package provides no taskToCsv');
      const csv = tasks.toCsv(tasks.generate(domain, level, seed), flags.split);
      if (!file) {
        context.stdout(csv);
        return;
      }
      writeFileAtomic(file, csv);
      context.say(`wrote ${flags.out}`);
    });
};
