import { type Latent, outputWidth } from '@scrutable/core';
import type { TaskInstance } from './types.js';

/** What `taskToCsv` writes: one split, or both with a leading `split` column. */
export type CsvSplit = 'train' | 'test' | 'all';

/** A latent's kind as the header writes it: `continuous`, `binary` or `categorical<k>`. */
export function latentKindLabel(latent: Pick<Latent, 'kind' | 'categories'>): string {
  return latent.kind === 'categorical' ? `categorical${latent.categories}` : latent.kind;
}

/**
 * One split (or both, `all`, with a first column `split` holding `train` or `test`) as RFC 4180 CSV
 * with `\n` line ends: a header row (`in_<input>`, `target_<head><j>:<head kind>`,
 * `latent_<name>:<latent kind>`), then one row per example. Numbers are written with the fewest
 * digits that read back to the same float32. `readTaskCsv` reads it back as a task.
 */
export function taskToCsv(task: TaskInstance, split: CsvSplit): string {
  if (split !== 'train' && split !== 'test' && split !== 'all')
    throw new RangeError(`taskToCsv: split must be 'train', 'test' or 'all', got ${split}`);
  const parts = split === 'all' ? (['train', 'test'] as const) : ([split] as const);
  const header = [
    ...(split === 'all' ? ['split'] : []),
    ...task.inputNames.map((n) => `in_${n}`),
    ...task.heads.flatMap((h) => Array.from({ length: h.size }, (_, j) => `target_${h.name}${j}:${h.kind}`)),
    ...task.train.latents.map((l) => `latent_${l.name}:${latentKindLabel(l)}`),
  ];
  const targetWidth = outputWidth(task.heads);
  const lines = [header.map(csvField).join(',')];
  for (const part of parts) {
    const data = task[part];
    for (let i = 0; i < data.inputs.rows; i++) {
      const fields: string[] = split === 'all' ? [part] : [];
      for (let j = 0; j < data.inputs.cols; j++)
        fields.push(formatFloat32(data.inputs.data[i * data.inputs.cols + j]!));
      for (let j = 0; j < targetWidth; j++)
        fields.push(formatFloat32(data.targets.data[i * targetWidth + j]!));
      for (const latent of data.latents) fields.push(formatFloat32(latent.values[i]!));
      lines.push(fields.join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A field quoted when it holds a comma, a quote or a line break, with inner quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Integers below this magnitude are exact float32 values and print in full with no shorter form. */
const EXACT_INTEGERS = 2 ** 24;

/**
 * The shortest decimal that reads back to the same float32 value (negative zero included). Nine
 * significant digits always suffice for a float32; the nearest decimal of each length is tried in turn.
 */
export function formatFloat32(value: number): string {
  if (Object.is(value, -0)) return '-0';
  if (Number.isInteger(value) && Math.abs(value) < EXACT_INTEGERS) return String(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = String(Number(value.toPrecision(digits)));
    if (Math.fround(Number(text)) === value) return text;
  }
  // Only a value that is not a float32 (or NaN) gets here.
  return String(value);
}
