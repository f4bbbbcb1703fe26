#!/usr/bin/env node
// Runs the peer tools a user would otherwise pick (PyTorch CPU, Brian2 C++ standalone) on the same
// workloads as Scrutable's benchmarks, in the same run, and prints Scrutable / peer ratios; beside
// Brian2, the simulator's own algorithm compiled ahead of time (natively and to WebAssembly).
// Usage: npm run bench:peers [-- --install] [--repeats N]
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EXIT, writeFileAtomic } from '@scrutable/bench';
import { isScrutableError } from '@scrutable/core';
import { PEERS_USAGE, parsePeerOptions } from './cli-options.js';
import { defaultDenseThroughput } from './dense-throughput.js';
import { missingCompilers, REFERENCE_PACKAGES, timeEventDrivenReference } from './event-driven-reference.js';
import { lastJsonLine, runCommand } from './run-command.js';
import { median } from './stats.js';
import { endToEndForks } from './suites/spiking.js';

// Debian's interpreter sees Debian's python3-torch and python3-brian packages.
const python = '/usr/bin/python3';
const peersDir = fileURLToPath(new URL('../peers/', import.meta.url));

function runPeer(script: string, args: readonly string[]): Record<string, unknown> {
  return lastJsonLine(runCommand(python, [`${peersDir}${script}`, ...args]));
}

function hasModule(module: string): boolean {
  return spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
}

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
  const missing = ['torch', 'brian2'].filter((m) => !hasModule(m));
  const compilers = missingCompilers();
  if (missing.length > 0 || compilers.length > 0) {
    if (missing.length > 0)
      process.stderr.write(
        `missing Python modules for ${python}: ${missing.join(', ')}; run with --install (Debian packages python3-torch, python3-brian)\n`,
      );
    if (compilers.length > 0)
      process.stderr.write(
        `missing compilers: ${compilers.join(', ')}; run with --install (Debian packages ${REFERENCE_PACKAGES.join(', ')})\n`,
      );
    process.exitCode = EXIT.usage;
    return;
  }
  const rows: Array<{
    workload: string;
    scrutable: number;
    peer: number;
    unit: string;
    ratio: number;
    note: string;
  }> = [];

  const torch = runPeer('pytorch_mlp.py', [String(repeats), '10240']);
  const dense = await defaultDenseThroughput('full', repeats);
  const torchRate = median(torch.samplesPerSecond as number[]);
  const denseRate = median(dense.training);
  rows.push({
    workload: `MLP 784-256-10 training (dense.train.${dense.backend})`,
    scrutable: denseRate,
    peer: torchRate,
    unit: 'samples/s',
    ratio: denseRate / torchRate,
    note: `PyTorch ${torch.version}, 1 thread; higher is better`,
  });
  // The breakdown: how fast each engine's matrix products alone are, and so the ratio's ceiling.
  const torchProducts = median(torch.matrixProductsSamplesPerSecond as number[]);
  const denseProducts = median(dense.matrixProducts);
  rows.push({
    workload: 'the same step if it were only its five matrix products',
    scrutable: denseProducts,
    peer: torchProducts,
    unit: 'samples/s',
    ratio: denseProducts / torchProducts,
    note: `the ceiling of the line above; matrix products are ${((100 * denseRate) / denseProducts).toFixed(0)}% of a Scrutable step, ${((100 * torchRate) / torchProducts).toFixed(0)}% of a PyTorch one`,
  });

  const brian = runPeer('brian2_brette4.py', ['4000', String(repeats)]);
  const ours = await endToEndForks({ neurons: 4000, simulatedMs: 1000 }, repeats);
  const brianSeconds = brian.medianBinarySeconds as number;
  const brianNote = `Brian2 ${brian.version} C++ standalone binary (compiled once, ${(brian.buildAndCompileSeconds as number).toFixed(0)} s, not counted); lower is better`;
  const seconds = {
    warmSeconds: median(ours.map((run) => run.warmSeconds)),
    coldSeconds: median(ours.map((run) => run.coldSeconds)),
  };
  // Warm is the like-for-like figure (code compiled, as the binary is); cold adds V8's compiling.
  for (const [when, key, note] of [
    ['warm', 'warmSeconds', `${brianNote}, target ratio <= 0.33`],
    ['first run of a fresh isolate', 'coldSeconds', `${brianNote}; includes compiling the simulator's code`],
  ] as const) {
    rows.push({
      workload: `Brette 2007 benchmark 4, 4,000 neurons, build + 1 s simulated (${when})`,
      scrutable: seconds[key],
      peer: brianSeconds,
      unit: 's',
      ratio: seconds[key] / brianSeconds,
      note,
    });
  }

  // The same design without a JIT: what the end-to-end target asks of it.
  const references = timeEventDrivenReference(4000, repeats);
  for (const reference of references)
    rows.push({
      workload: `the same (warm), against the simulator's algorithm in C (${reference.target})`,
      scrutable: seconds.warmSeconds,
      peer: reference.medianSeconds,
      unit: 's',
      ratio: seconds.warmSeconds / reference.medianSeconds,
      note: `${reference.compiler}; that / Brian2 = ${(reference.medianSeconds / brianSeconds).toFixed(2)}; lower is better`,
    });

  const lines = [
    '| workload | Scrutable | peer | unit | Scrutable / peer | note |',
    '| --- | ---: | ---: | --- | ---: | --- |',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.workload} | ${r.scrutable.toPrecision(4)} | ${r.peer.toPrecision(4)} | ${r.unit} | ${r.ratio.toFixed(2)} | ${r.note} |`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
  const out = fileURLToPath(new URL('../results/', import.meta.url));
  writeFileAtomic(
    `${out}peers.json`,
    `${JSON.stringify({ createdAt: new Date().toISOString(), repeats, rows, torch, brian, ours, references }, null, 2)}\n`,
  );
  writeFileAtomic(`${out}peers.md`, `# Scrutable vs peer tools\n\n${lines.join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = EXIT.failed;
});
