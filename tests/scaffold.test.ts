import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const script = join(root, 'scripts', 'new-substrate.mjs');

/** Runs the scaffold (a copy of it when `scriptPath` is given) and returns what it printed. */
function scaffold(args: readonly string[], scriptPath = script) {
  const r = spawnSync(process.execPath, [scriptPath, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The repository's Biome on a folder, with the repository's configuration, as `npm run lint` runs it. */
function biomeCheck(dir: string) {
  const r = spawnSync(bin('biome'), ['check', dir], { cwd: root, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(value));
}

describe('npm run new:substrate', () => {
  const work = mkdtempSync(join(tmpdir(), 'scrutable-scaffold-'));
  const dir = join(work, 'substrate-demo');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('creates a package that builds, passes the conformance kit and the root lint', () => {
    const created = scaffold(['demo', '--dir', dir]);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stderr).toMatch(/outside the "workspaces" of the root package\.json/);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('@scrutable/substrate-demo');
    expect(manifest.scrutable).toEqual({ substrates: '.' });

    const lint = biomeCheck(dir);
    expect(lint.status, lint.output).toBe(0);
    expect(lint.output).toMatch(/Checked [1-9]\d* files?/);

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

  it('formats the package with Biome, so a long name still passes the root lint', () => {
    const name = `echo-state-${'reservoir-'.repeat(6)}network`;
    const long = join(work, 'long');
    const created = scaffold([name, '--dir', long]);
    expect(created.status, created.stderr).toBe(0);
    const lint = biomeCheck(long);
    expect(lint.status, lint.output).toBe(0);
  });

  it('refuses a bad name with exit code 2', () => {
    for (const name of ['Bad Name', 'trail-', 'a--b', '-lead', '1st', 'under_score']) {
      const r = scaffold(['--dir', join(work, 'bad'), '--', name]);
      expect(r.status, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`invalid name '${name}'`);
    }
    expect(existsSync(join(work, 'bad'))).toBe(false);
  });

  it('refuses a name that is already a substrate id, naming the package that has it', () => {
    const cases: ReadonlyArray<[string, string]> = [
      ['planted', '@scrutable/controls'],
      ['untrained', '@scrutable/controls'],
      ['dense', '@scrutable/substrate-dense'],
      ['dense-brain', '@scrutable/substrate-dense-brain'],
    ];
    for (const [name, owner] of cases) {
      const r = scaffold([name, '--dir', join(work, `taken-${name}`)]);
      expect(r.status, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`substrate id '${name}' is already used by ${owner}`);
      expect(existsSync(join(work, `taken-${name}`))).toBe(false);
    }
  });

  it('without a built bench app, checks package names and says which ids it could not check', () => {
    const fake = join(work, 'unbuilt');
    cpSync(join(root, 'scripts'), join(fake, 'scripts'), { recursive: true });
    writeJson(join(fake, 'package.json'), { private: true, workspaces: ['packages/*'] });
    writeJson(join(fake, 'packages', 'controls', 'package.json'), {
      name: '@scrutable/controls',
      scrutable: { substrates: '.' },
    });
    writeJson(join(fake, 'packages', 'substrate-dense', 'package.json'), {
      name: '@scrutable/substrate-dense',
      scrutable: { substrates: '.' },
    });
    const fakeScript = join(fake, 'scripts', 'new-substrate.mjs');

    const dense = scaffold(['dense'], fakeScript);
    expect(dense.status, dense.stderr).toBe(2);
    expect(dense.stderr).toContain("substrate id 'dense' is already used by @scrutable/substrate-dense");

    const planted = scaffold(['planted'], fakeScript);
    expect(planted.status, planted.stderr).toBe(0);
    expect(planted.stderr).toMatch(/apps\/bench is not built.*not the ids exported by @scrutable\/controls/);
    expect(planted.stderr).not.toMatch(/outside the "workspaces"/);
    expect(existsSync(join(fake, 'packages', 'substrate-planted', 'package.json'))).toBe(true);
  });

  it('parses its arguments: --dir before the name, unknown flags and extra names are usage errors', () => {
    const before = join(work, 'dir-first');
    const ok = scaffold(['--dir', before, 'reservoir']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(before, 'package.json'), 'utf8')).name).toBe(
      '@scrutable/substrate-reservoir',
    );

    for (const args of [
      ['reservoir', '--dri', join(work, 'typo')],
      ['reservoir', 'extra', '--dir', join(work, 'extra')],
      ['--dir'],
      [],
    ]) {
      const r = scaffold(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('usage: npm run new:substrate');
    }
    expect(readdirSync(work)).not.toContain('typo');
    expect(readdirSync(work)).not.toContain('extra');
  });
});

describe('npm run bench', () => {
  const work = mkdtempSync(join(tmpdir(), 'scrutable-bench-script-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  // Runs the build half of the root "bench" script through sh, as npm does, against a small workspace
  // holding a substrate package that nothing depends on; turbo's dry run lists what it would build.
  it.skipIf(process.platform === 'win32')(
    'builds every package under packages/, not only the bench app and its dependencies',
    () => {
      const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
      const build = String(scripts.bench).split(' && ')[0]!;
      expect(build).toMatch(/^turbo run build /);
      const pkg = (name: string, dependencies: Record<string, string> = {}) => ({
        name,
        version: '0.1.0',
        scripts: { build: 'true' },
        dependencies,
      });
      writeJson(join(work, 'package.json'), {
        name: 'workspace',
        private: true,
        packageManager: 'npm@11.19.1',
        workspaces: ['packages/*', 'apps/*'],
      });
      writeJson(join(work, 'turbo.json'), { tasks: { build: { dependsOn: ['^build'] } } });
      writeJson(join(work, 'packages', 'core', 'package.json'), pkg('@scrutable/core'));
      writeJson(join(work, 'packages', 'substrate-fresh', 'package.json'), pkg('@scrutable/substrate-fresh'));
      writeJson(
        join(work, 'apps', 'bench', 'package.json'),
        pkg('@scrutable/bench', { '@scrutable/core': '^0.1.0' }),
      );
      const r = spawnSync('sh', ['-c', `${build} --dry=json`], {
        cwd: work,
        encoding: 'utf8',
        env: {
          ...process.env,
          PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
          TURBO_TELEMETRY_DISABLED: '1',
        },
      });
      expect(r.status, r.stderr).toBe(0);
      const packages = (JSON.parse(r.stdout) as { packages: string[] }).packages;
      expect(packages).toEqual(
        expect.arrayContaining(['@scrutable/bench', '@scrutable/core', '@scrutable/substrate-fresh']),
      );
    },
  );
});
