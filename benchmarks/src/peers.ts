#!/usr/bin/env node
// Runs the peer tools a user would otherwise pick (PyTorch CPU, Brian2 C++ standalone) on the same
// workloads as Scrutable's benchmarks, in the same run, and prints Scrutable / peer ratios; beside
// Brian2, the simulator's own algorithm compiled ahead of time (natively and to WebAssembly).
// Usage: npm run bench:peers [-- --install] [--repeats N] [--only mlp|spiking]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EXIT, writeFileAtomic } from '@scrutable/bench';
import { isScrutableError } from '@scrutable/core';
import { PEER_WORKLOADS, PEERS_USAGE, parsePeerOptions } from './cli-options.js';
import { missingCompilers, REFERENCE_PACKAGES } from './event-driven-reference.js';
import { compareMlp } from './peer-mlp.js';
import { hasModule, PYTHON } from './peer-python.js';
import { type PeerRow, readPreviousPeers } from './peer-rows.js';
import { compareSpiking } from './peer-spiking.js';

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

async function main(): Promise<void> {
  let options: ReturnType<typeof parsePeerOptions>;
  try {
    options = parsePeerOptions(process.argv.slice(2));
  } catch (e) {
    if (!isScrutableError(e)) throw e;
    process.stderr.write(`error: ${e.message}\n${PEERS_USAGE}`);
    process.exitCode = EXIT.usage;
    return;
  }
  const { repeats } = options;
  if (options.install) {
    const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
    const apt = (args: string[]) =>
      execFileSync(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    apt(['update', '-qq']);
    apt([
      'install',
      '-y',
      '-qq',
      '--no-install-recommends',
      'python3-torch',
      'python3-brian',
      'g++',
      ...REFERENCE_PACKAGES,
    ]);
  }
  // Each workload group needs only its own peers: PyTorch for the MLP, Brian2 and compilers for spiking.
  const spiking = options.workloads.includes('spiking');
  const modules = [...(options.workloads.includes('mlp') ? ['torch'] : []), ...(spiking ? ['brian2'] : [])];
  const missing = modules.filter((m) => !hasModule(m));
  const compilers = spiking ? missingCompilers() : [];
  if (missing.length > 0 || compilers.length > 0) {
    if (missing.length > 0)
      process.stderr.write(
        `missing Python modules for ${PYTHON}: ${missing.join(', ')}; run with --install (Debian packages python3-torch, python3-brian)\n`,
      );
    if (compilers.length > 0)
      process.stderr.write(
        `missing compilers: ${compilers.join(', ')}; run with --install (Debian packages ${REFERENCE_PACKAGES.join(', ')})\n`,
      );
    process.exitCode = EXIT.usage;
    return;
  }
  const previous = readPreviousPeers(`${resultsDir}peers.json`);
  const rows: PeerRow[] = previous.rows.filter((row) => !options.workloads.includes(row.group));
  const measured: Record<string, unknown> = { ...previous.measured };
  if (options.workloads.includes('mlp')) {
    const mlp = await compareMlp(repeats);
    rows.push(...mlp.rows);
    measured.mlp = mlp.rounds;
  }
  if (spiking) {
    const brian = await compareSpiking(repeats);
    rows.push(...brian.rows);
    measured.spiking = brian.measured;
  }
  rows.sort((a, b) => PEER_WORKLOADS.indexOf(a.group) - PEER_WORKLOADS.indexOf(b.group));

  const lines = [
    '| workload | Scrutable | peer | unit | Scrutable / peer | note |',
    '| --- | ---: | ---: | --- | ---: | --- |',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.workload} | ${r.scrutable.toPrecision(4)} | ${r.peer.toPrecision(4)} | ${r.unit} | ${r.ratio.toFixed(2)} | ${r.note} |`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
  writeFileAtomic(
    `${resultsDir}peers.json`,
    `${JSON.stringify({ createdAt: new Date().toISOString(), repeats, rows, measured }, null, 2)}\n`,
  );
  writeFileAtomic(`${resultsDir}peers.md`, `# Scrutable vs peer tools\n\n${lines.join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = EXIT.failed;
});
