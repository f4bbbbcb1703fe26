import { outputWidth } from '@scrutable/core';
import type { TaskInstance } from './types.js';

/**
 * One split as RFC 4180 CSV with `\n` line ends: a header row (`in_<input>`, `target_<head><j>`,
 * `latent_<name>`), then one row per example. Numbers are written with the fewest digits that read
 * back to the same float32.
 */
export function taskToCsv(task: TaskInstance, split: 'train' | 'test'): string {
  const data = split === 'train' ? task.train : split === 'test' ? task.test : undefined;
  if (!data) throw new RangeError(`taskToCsv: split must be 'train' or 'test', got ${split}`);
  const header = [
    ...task.inputNames.map((n) => `in_${n}`),
    ...task.heads.flatMap((h) => Array.from({ length: h.size }, (_, j) => `target_${h.name}${j}`)),
    ...data.latents.map((l) => `latent_${l.name}`),
  ];
  const targetWidth = outputWidth(task.heads);
  const lines = [header.map(csvField).join(',')];
  for (let i = 0; i < data.inputs.rows; i++) {
    const fields: string[] = [];
    for (let j = 0; j < data.inputs.cols; j++)
      fields.push(formatFloat32(data.inputs.data[i * data.inputs.cols + j]!));
    for (let j = 0; j < targetWidth; j++) fields.push(formatFloat32(data.targets.data[i * targetWidth + j]!));
    for (const latent of data.latents) fields.push(formatFloat32(latent.values[i]!));
    lines.push(fields.join(','));
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
