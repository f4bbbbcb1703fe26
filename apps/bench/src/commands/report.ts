import { lockOutputFolder } from '../out-lock.js';
import { readResults, writeReport } from '../outputs.js';
import type { RegisterCommand } from './context.js';

/** `scrutable report DIR`: rebuilds the report files from DIR/results.json. */
export const registerReport: RegisterCommand = (program, context) => {
  program
    .command('report')
    .description('rebuild results.csv, report.md and index.html from DIR/results.json')
    .argument('<dir>', 'a folder holding results.json')
    .action(async (dir: string) => {
      const results = readResults(dir);
      const release = lockOutputFolder(dir, 'report');
      try {
        await writeReport(dir, results);
      } finally {
        release();
      }
      context.say(`rebuilt the report in ${dir}`);
    });
};
