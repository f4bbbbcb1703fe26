import { scrambledFactory } from '@scrutable/controls';
import type { SubstrateFactory } from '@scrutable/core';
import dense from '@scrutable/substrate-dense';
import denseBrain from '@scrutable/substrate-dense-brain';
import {
  agreementCurve,
  type ConvertedSubstrate,
  convertedFactory,
} from '@scrutable/substrate-spiking-converted';
import { generateTask } from '@scrutable/tasks';
import { describe, expect, it } from 'vitest';

// The converted substrate built from each real ReLU source through the Substrate interface alone.
const task = generateTask('boolean', { level: 1, seed: 0 });
const config = { hidden: [32, 16], epochs: 40 };

async function agreementWith(source: SubstrateFactory): Promise<number> {
  const fitted = source.create({ config });
  await fitted.fit(task, { seed: 1 });
  const converted = convertedFactory(source).create() as ConvertedSubstrate;
  await converted.convertFitted(fitted, task);
  const curve = agreementCurve(converted, task.test.inputs, await fitted.predict(task.test.inputs), [1000]);
  fitted.dispose();
  return curve[0]!.agreement;
}

describe('spiking-converted from real sources', () => {
  it('agrees with dense (TensorFlow.js) at 1000 ms through two spiking layers', async () => {
    expect(await agreementWith(dense)).toBeGreaterThanOrEqual(0.99);
  }, 120_000);

  it('agrees with dense-brain (brain.js) at 1000 ms', async () => {
    expect(await agreementWith(denseBrain)).toBeGreaterThanOrEqual(0.99);
  }, 120_000);

  it('refuses scrambled dense: its rotated views do not describe a ReLU network unit by unit', async () => {
    // The scrambled control derives from dense; the converter sees it as one source substrate.
    const scrambledDense: SubstrateFactory = {
      ...scrambledFactory,
      create: (options) => scrambledFactory.create({ ...options, source: dense }),
    };
    const converted = convertedFactory(scrambledDense).create({ config: { source: config } });
    await expect(converted.fit(task, { seed: 1 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  }, 120_000);
});
