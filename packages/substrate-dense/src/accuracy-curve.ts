import { accuracy, type Dataset, takeRows } from '@scrutable/core';
import type { DenseNetwork } from './network.js';

/**
 * Accuracy read during training, every `every` epochs and at the last: on the rows trained on and on
 * the validation rows held out of them (never trained on), as a grokking run plots them (Power et al.
 * 2022). Reading runs forward passes only, so it changes nothing in training.
 */
export class AccuracyCurve {
  private readonly epochs: number[] = [];
  private readonly train: number[] = [];
  private readonly heldOut: number[] = [];
  private readonly trained: Pick<Dataset['train'], 'inputs' | 'targets'>;
  private readonly held: Pick<Dataset['train'], 'inputs' | 'targets'> | undefined;

  constructor(
    private readonly every: number,
    private readonly dataset: Dataset,
    trainingRows: readonly number[],
    validationRows: readonly number[],
  ) {
    const part = (rows: readonly number[]) => ({
      inputs: takeRows(dataset.train.inputs, rows),
      targets: takeRows(dataset.train.targets, rows),
    });
    this.trained = part(trainingRows);
    this.held = validationRows.length > 0 ? part(validationRows) : undefined;
  }

  /** Reads the network after `epoch` epochs when a reading is due (`last`: training ends here). */
  read(network: DenseNetwork, epoch: number, last: boolean): void {
    if (this.every === 0 || (epoch % this.every !== 0 && !last) || this.epochs.at(-1) === epoch) return;
    const heads = this.dataset.heads;
    const score = (part: Pick<Dataset['train'], 'inputs' | 'targets'>) =>
      accuracy(network.run(part.inputs, { heads }).outputs!, part.targets, heads);
    this.epochs.push(epoch);
    this.train.push(score(this.trained));
    if (this.held) this.heldOut.push(score(this.held));
  }

  /** The readings as JSON `{ epochs, train, heldOut }` (heldOut empty without validation rows); undefined when none was asked for. */
  json(): string | undefined {
    if (this.every === 0) return undefined;
    return JSON.stringify({ epochs: this.epochs, train: this.train, heldOut: this.heldOut });
  }
}
