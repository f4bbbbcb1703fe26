import { defaultDenseThroughput } from './dense-throughput.js';
import { runPeer } from './peer-python.js';
import type { PeerRow } from './peer-rows.js';
import { median } from './stats.js';

/** One round: PyTorch's epoch, then Scrutable's, back to back, and their ratios. */
interface MlpRound {
  torchSamplesPerSecond: number;
  torchMatrixProducts: number;
  denseSamplesPerSecond: number;
  denseMatrixProducts: number;
  backend: string;
  torchVersion: string;
}

/**
 * The reference MLP (784-256-10, Adam, batch 128) trained by PyTorch on one thread and by the dense
 * substrate, in `rounds` alternating rounds (PyTorch, then Scrutable in a fresh isolate); each ratio
 * is the median of the rounds' own ratios, so a change in the machine's load between rounds moves
 * both sides of a round alike. Beside it, the step's five matrix products alone on each side: the
 * ceiling of the ratio if everything else in a step cost nothing.
 */
export async function compareMlp(rounds: number): Promise<{ rows: PeerRow[]; rounds: MlpRound[] }> {
  const measured: MlpRound[] = [];
  for (let r = 0; r < rounds; r++) {
    const torch = runPeer('pytorch_mlp.py', ['1', '10240']);
    const dense = await defaultDenseThroughput('full', 1);
    measured.push({
      torchSamplesPerSecond: median(torch.samplesPerSecond as number[]),
      torchMatrixProducts: median(torch.matrixProductsSamplesPerSecond as number[]),
      denseSamplesPerSecond: median(dense.training),
      denseMatrixProducts: median(dense.matrixProducts),
      backend: dense.backend,
      torchVersion: String(torch.version),
    });
  }
  const first = measured[0]!;
  const of = (key: keyof MlpRound) => median(measured.map((round) => round[key] as number));
  const ratio = (ours: keyof MlpRound, theirs: keyof MlpRound) =>
    median(measured.map((round) => (round[ours] as number) / (round[theirs] as number)));
  const productShare = (rate: keyof MlpRound, products: keyof MlpRound) =>
    (100 * ratio(rate, products)).toFixed(0);
  return {
    rounds: measured,
    rows: [
      {
        group: 'mlp',
        workload: `MLP 784-256-10 training (dense.train.${first.backend})`,
        scrutable: of('denseSamplesPerSecond'),
        peer: of('torchSamplesPerSecond'),
        unit: 'samples/s',
        ratio: ratio('denseSamplesPerSecond', 'torchSamplesPerSecond'),
        note: `PyTorch ${first.torchVersion}, 1 thread; median of ${rounds} alternating rounds' ratios; higher is better`,
      },
      {
        group: 'mlp',
        workload: 'the same step if it were only its five matrix products',
        scrutable: of('denseMatrixProducts'),
        peer: of('torchMatrixProducts'),
        unit: 'samples/s',
        ratio: ratio('denseMatrixProducts', 'torchMatrixProducts'),
        note: `the ceiling of the line above; the products take ${productShare('denseSamplesPerSecond', 'denseMatrixProducts')}% of a Scrutable step, ${productShare('torchSamplesPerSecond', 'torchMatrixProducts')}% of a PyTorch one`,
      },
    ],
  };
}
