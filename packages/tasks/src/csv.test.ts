import { describe, expect, it } from 'vitest';
import { DOMAINS, formatFloat32, generateTask, taskToCsv } from './index.js';

/** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      [row, field] = [[], ''];
    } else field += ch;
  }
  expect(field).toBe('');
  return rows;
}

describe('taskToCsv', () => {
  it('exports every task family deterministically: the same seed gives the same text, another seed other text', () => {
    for (const { id } of DOMAINS) {
      const [a, b, c] = [3, 3, 4].map((seed) => taskToCsv(generateTask(id, { level: 2, seed }), 'all'));
      expect(a === b, id).toBe(true);
      expect(a === c, id).toBe(false);
    }
  });

  it('writes a header naming inputs, targets and latents, then one row per example that reads back', () => {
    const task = generateTask('modadd', { level: 1, seed: 2 });
    const rows = parseCsv(taskToCsv(task, 'test'));
    const [header, ...body] = rows;
    expect(header!.slice(0, 2)).toEqual(['in_a0', 'in_a1']);
    expect(header).toContain('target_sum0:class');
    expect(header).toContain('latent_cos_1:continuous');
    expect(header).toContain('latent_a:categorical29');
    expect(header).toHaveLength(task.test.inputs.cols + task.test.targets.cols + task.test.latents.length);
    expect(body).toHaveLength(task.test.inputs.rows);
    const cosColumn = header!.indexOf('latent_cos_1:continuous');
    body.forEach((fields, i) => {
      expect(fields).toHaveLength(header!.length);
      expect(fields.slice(0, task.test.inputs.cols).map(Number)).toEqual(
        Array.from(
          task.test.inputs.data.subarray(i * task.test.inputs.cols, (i + 1) * task.test.inputs.cols),
        ),
      );
      expect(Math.fround(Number(fields[cosColumn]))).toBe(task.test.latents[3]!.values[i]);
    });
  });

  it('quotes fields holding a comma, a quote or a line break', () => {
    const task = generateTask('boolean', { level: 1, seed: 0 });
    const odd = { ...task, inputNames: ['a,b', 'say "hi"', 'two\nlines', ...task.inputNames.slice(3)] };
    const text = taskToCsv(odd, 'train');
    expect(text.startsWith('"in_a,b","in_say ""hi""","in_two\nlines",in_x3')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]!.slice(0, 3)).toEqual(['in_a,b', 'in_say "hi"', 'in_two\nlines']);
    expect(rows).toHaveLength(task.train.inputs.rows + 1);
    expect(text.includes('\r')).toBe(false);
  });

  it('writes the shortest decimal that reads back to the same float32', () => {
    for (const v of [0.1, -2.5, 1 / 3, 1e-7, 123456.789, 0, 7]) {
      const f = Math.fround(v);
      const text = formatFloat32(f);
      expect(Math.fround(Number(text))).toBe(f);
      expect(text.replace(/^-|\.|e.*$/g, '').replace(/^0+/, '').length).toBeLessThanOrEqual(9);
    }
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
  });

  it('writes nine significant digits for the float32 values that need all nine', () => {
    // Each of these float32 values has no 8-digit decimal that reads back to it.
    for (const text of ['-0.114523396', '-0.103562355', '-0.118718736']) {
      expect(formatFloat32(Math.fround(Number(text)))).toBe(text);
    }
    expect(formatFloat32(Math.fround(1e30))).toBe('1e+30');
    expect(formatFloat32(-0)).toBe('-0');
  });

  it('gives, for random float32 values, the shortest decimal that reads back to the same value', () => {
    const bits = new DataView(new ArrayBuffer(4));
    let state = 12345;
    for (let n = 0; n < 20000; n++) {
      // A random 32-bit pattern (xorshift), so every exponent and subnormals are covered.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      bits.setUint32(0, state >>> 0);
      const value = bits.getFloat32(0);
      if (!Number.isFinite(value)) continue;
      const text = formatFloat32(value);
      expect(Object.is(Math.fround(Number(text)), value)).toBe(true);
      const digits = significantDigits(text);
      expect(digits).toBeLessThanOrEqual(9);
      // No decimal with one digit fewer reads back: neither neighbour at that precision does.
      if (digits > 1) {
        const exponent = Math.floor(Math.log10(Math.abs(value)));
        const step = 10 ** (exponent - (digits - 2));
        for (const candidate of [Math.floor(value / step) * step, Math.ceil(value / step) * step]) {
          expect(Math.fround(Number(candidate.toPrecision(digits - 1)))).not.toBe(value);
        }
      }
    }
  });
});

/** Significant digits of a decimal as JavaScript prints it ("-0.0012", "1.5e-7", "1200"). */
function significantDigits(text: string): number {
  const mantissa = text.replace(/^-/, '').replace(/e.*$/, '');
  const digits = mantissa.replace('.', '').replace(/^0+/, '');
  return mantissa.includes('.') ? digits.length : digits.replace(/0+$/, '').length || 1;
}
