import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

describe('npm run new:substrate', () => {
  const work = mkdtempSync(join(tmpdir(), 'scrutable-scaffold-'));
  const dir = join(work, 'substrate-demo');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('creates a package that builds and passes the conformance kit', () => {
    execFileSync('node', [join(root, 'scripts', 'new-substrate.mjs'), 'demo', '--dir', dir], {
      stdio: 'pipe',
    });
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('@scrutable/substrate-demo');
    expect(manifest.scrutable).toEqual({ substrates: '.' });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');

    execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'pipe' });
    expect(existsSync(join(dir, 'dist', 'index.js'))).toBe(true);

    const out = execFileSync(bin('vitest'), ['run', '--reporter=verbose'], {
      cwd: dir,
      stdio: 'pipe',
      env: { ...process.env, CI: 'true' },
    }).toString();
    expect(out).toMatch(/conformance: demo/);
    expect(out).toMatch(/determinism/);
    expect(out).not.toMatch(/\bfailed\b/i);
  });

  it('refuses a bad name with exit code 2', () => {
    let status = 0;
    try {
      execFileSync(
        'node',
        [join(root, 'scripts', 'new-substrate.mjs'), 'Bad Name', '--dir', join(work, 'x')],
        { stdio: 'pipe' },
      );
    } catch (e) {
      status = (e as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});
