#!/usr/bin/env node
// The `scrutable` command: the compiled CLI, or a clear message when the workspace is not built yet.
// A file of its own, present before any build, so `npm ci` links the command in every checkout.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('scrutable is not built yet: run `npm run build` at the repository root\n');
  process.exit(1);
}
await import(cli.href);
