import { join } from 'node:path';
import { EXIT } from '../exit-codes.js';
import { checkWritableDir, folderName } from '../folders.js';
import { mergeDirs } from '../merge.js';
import { lockOutputFolder } from '../out-lock.js';
import type { RegisterCommand } from './context.js';

/** `scrutable merge`: joins shard folders into one results folder. */
export const registerMerge: RegisterCommand = (program, context) => {
  program
    .command('merge')
    .description('merge the outputs of shard runs into one results.json and report')
    .argument('<dirs...>', 'shard output folders')
    .requiredOption('--out <dir>', 'output folder (locked while the merge writes it)')
    .option('--partial', 'merge shards that do not cover the whole suite; the report says it is partial')
    .action(async (dirs: string[], flags: { out: string; partial?: boolean }) => {
      const outDir = folderName(flags.out, '--out');
      const { results, duplicates } = await mergeDirs(dirs, outDir, await context.analysis(), {
        partial: !!flags.partial,
        prepareOut: () => {
          for (const dir of [outDir, join(outDir, 'runs')]) checkWritableDir(dir, '--out');
          return lockOutputFolder(outDir);
        },
      });
      if (duplicates)
        context.stderr(
          `note: ${duplicates === 1 ? '1 cell was' : `${duplicates} cells were`} in more than one folder (same id: same config, code and cell); each is kept once, a successful copy over a failed one\n`,
        );
      if (results.run?.partial)
        context.stderr(
          `warning: partial merge: ${results.cells.length} of the suite's ${results.run.suiteCells} cells\n`,
        );
      context.say(`merged ${dirs.length} folders: ${results.cells.length} cells -> ${flags.out}`);
      if (results.cells.some((c) => c.status === 'failed')) context.exit(EXIT.failed);
    });
};
