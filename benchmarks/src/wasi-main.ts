#!/usr/bin/env node
// Runs a wasm32-wasi program under Node's WASI (`wasi-main <program.wasm> [args...]`): how `bench:peers`
// times the event-driven reference compiled to WebAssembly, in the same engine as the simulator.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

// The project's TypeScript lib has no WebAssembly declarations (they come with the DOM's); the part used:
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<object>;
};

const [file, ...args] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: wasi-main <program.wasm> [args...]\n');
  process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [file, ...args], returnOnExit: true });
const instance = await WebAssembly.instantiate(
  await WebAssembly.compile(readFileSync(file)),
  wasi.getImportObject(),
);
process.exitCode = wasi.start(instance);
