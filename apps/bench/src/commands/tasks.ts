import { ScrutableError, unknownName } from '@scrutable/core';
import { writeFileAtomic } from '../atomic.js';
import { LEVELS } from '../config.js';
import { checkWritableFile, fileName } from '../folders.js';
import { parseInteger } from '../parse.js';
import type { RegisterCommand } from './context.js';

/** `scrutable tasks list|export`. */
export const registerTasks: RegisterCommand = (program, context) => {
  const tasksCommand = program.command('tasks').description('list the domains or export one as CSV');
  tasksCommand
    .command('list')
    .description('list the domains')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const tasks = await context.tasks();
      const rows = tasks.domains.map((id) => ({ id, description: tasks.descriptions?.[id] ?? '' }));
      if (flags.json) context.say(JSON.stringify(rows, null, 2));
      else for (const r of rows) context.say(`${r.id.padEnd(10)} ${r.description}`);
    });
  tasksCommand
    .command('export')
    .description('write one generated task split as CSV (inputs, targets and latents per row)')
    .argument('<domain>', 'domain name')
    .requiredOption('--level <L>', 'complexity level 1..5')
    .requiredOption('--seed <S>', 'seed (non-negative integer)')
    .option('--split <split>', 'train or test', 'train')
    .requiredOption('--out <file>', "CSV file to write ('-': standard output)")
    .action(async (domain: string, flags: { level: string; seed: string; split: string; out: string }) => {
      const tasks = await context.tasks();
      if (!tasks.domains.includes(domain)) unknownName('task', domain, tasks.domains);
      if (flags.split !== 'train' && flags.split !== 'test')
        unknownName('split', flags.split, ['train', 'test']);
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
