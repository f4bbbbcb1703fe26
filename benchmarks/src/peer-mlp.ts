import { defaultDenseThroughput } from './dense-throughput.js';
import { runPeer } from './peer-python.js';
import type { PeerRow } from './peer-rows.js';
import { median } from './stats.js';

/** One round: PyTorch's epochs, then Scrutable's, back to back; samples per wall and per CPU second. */
interface MlpRound {
  torch: number;
  torchCpu: number;
  torchProducts: number;
  torchProductsCpu: number;
  dense: number;
  denseCpu: number;
  denseProducts: number;
  denseProductsCpu: number;
}

/**
 * The reference MLP (784-256-10, Adam, batch 128) trained by PyTorch on one thread and by the dense
 * substrate, in `rounds` alternating rounds (PyTorch, then Scrutable in a fresh isolate); each ratio
 * is the median of the rounds' own ratios. Both engines run one thread, so rates per CPU second are
 * given beside rates per wall second: on a loaded machine the wall rates of two runs minutes apart
 * compare the load as much as the engines. Beside the training rate, the step's five matrix products
 * alone on each side, on fixed operands: how the engines' products compare, and what share of a step
 * lies outside them.
 */
export async function compareMlp(rounds: number): Promise<{ rows: PeerRow[]; rounds: MlpRound[] }> {
  const measured: MlpRound[] = [];
  let torchVersion = '';
  let backend = '';
  for (let r = 0; r < rounds; r++) {
    const torch = runPeer('pytorch_mlp.py', ['2', '10240']);
    const dense = await defaultDenseThroughput('full', 2);
    torchVersion = String(torch.version);
    backend = dense.backend;
    const of = (key: string) => median(torch[key] as number[]);
    measured.push({
      torch: of('samplesPerSecond'),
      torchCpu: of('samplesPerCpuSecond'),
      torchProducts: of('matrixProductsSamplesPerSecond'),
      torchProductsCpu: of('matrixProductsSamplesPerCpuSecond'),
      dense: median(dense.training),
      denseCpu: median(dense.trainingPerCpuSecond),
      denseProducts: median(dense.matrixProducts),
      denseProductsCpu: median(dense.matrixProductsPerCpuSecond),
    });
  }
  const of = (key: keyof MlpRound) => median(measured.map((round) => round[key]));
  const ratio = (ours: keyof MlpRound, theirs: keyof MlpRound) =>
    median(measured.map((round) => round[ours] / round[theirs]));
  const percent = (rate: keyof MlpRound, products: keyof MlpRound) =>
    (100 * ratio(rate, products)).toFixed(0);
  const row = (
    workload: string,
    ours: keyof MlpRound,
    theirs: keyof MlpRound,
    unit: string,
    note: string,
  ): PeerRow => ({
    group: 'mlp',
    workload,
    scrutable: of(ours),
    peer: of(theirs),
    unit,
    ratio: ratio(ours, theirs),
    note: `PyTorch ${torchVersion}, 1 thread; median of ${rounds} alternating rounds' ratios; ${note}`,
  });
  return {
    rounds: measured,
    rows: [
      row(
        `MLP 784-256-10 training (dense.train.${backend}), per CPU second`,
        'denseCpu',
        'torchCpu',
        'samples/CPU s',
        // a figure above 1 means an engine ran more than the one thread it was given
        `higher is better; CPU seconds per wall second: PyTorch ${ratio('torch', 'torchCpu').toFixed(2)}, Scrutable ${ratio('dense', 'denseCpu').toFixed(2)}`,
      ),
      row(
        'the same step if it were only its five matrix products, per CPU second',
        'denseProductsCpu',
        'torchProductsCpu',
        'samples/CPU s',
        `operands fixed, so nothing is re-packed; they take ${percent('denseCpu', 'denseProductsCpu')}% of a Scrutable step's CPU time, ${percent('torchCpu', 'torchProductsCpu')}% of a PyTorch one's, and Scrutable's alone run at ${ratio('denseProductsCpu', 'torchCpu').toFixed(2)} of PyTorch's whole step`,
      ),
      row(
        `MLP 784-256-10 training (dense.train.${backend}), per wall second`,
        'dense',
        'torch',
        'samples/s',
        'moves with the machine load between the two',
      ),
    ],
  };
}
