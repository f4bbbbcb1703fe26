#!/usr/bin/env node
import { main } from './program.js';

// a closed pipe (`scrutable tasks list | head -1`) ends the command quietly
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await main(process.argv.slice(2));
