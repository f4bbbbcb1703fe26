import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ScrutableError } from '@scrutable/core';

/** A folder flag's value, resolved; BAD_CONFIG when empty (it would resolve to the current folder). */
export function folderName(text: string, flag: string): string {
  if (!text.trim()) throw new ScrutableError('BAD_CONFIG', `${flag} needs a folder, got ''`);
  return resolve(text);
}

/** A file flag's value, resolved; BAD_CONFIG when empty. */
export function fileName(text: string, flag: string): string {
  if (!text.trim()) throw new ScrutableError('BAD_CONFIG', `${flag} needs a file, got ''`);
  return resolve(text);
}

/** Why `error` (from creating or checking a folder) means the folder cannot be used. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR') return 'a file is in the way';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'it cannot be written to';
  if (code === 'ENOENT') return 'nothing can be created there';
  return (error as Error).message;
}

/**
 * Creates `dir` and its missing parents one level at a time, then checks it can be written to, before
 * any work starts; BAD_CONFIG otherwise. Not `mkdir -p` in one call: under /proc, Node's recursive
 * mkdir retries forever, where one level at a time fails at once.
 */
export function checkWritableDir(dir: string, flag: string): void {
  const missing: string[] = [];
  let existing = resolve(dir);
  for (;;) {
    try {
      if (!statSync(existing).isDirectory())
        throw new ScrutableError(
          'BAD_CONFIG',
          `${flag} '${dir}' cannot be used as a folder: a file is in the way`,
        );
      break;
    } catch (e) {
      if (e instanceof ScrutableError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT')
        throw new ScrutableError('BAD_CONFIG', `${flag} '${dir}' cannot be used as a folder: ${reasonOf(e)}`);
      missing.unshift(existing);
      const parent = dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
  }
  // a file is written and removed: permission bits do not bind root, and some file systems (procfs,
  // read-only mounts) refuse files whatever the bits say
  const probe = join(dir, `.scrutable-probe-${process.pid}`);
  try {
    for (const folder of missing) mkdirSync(folder);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    throw new ScrutableError('BAD_CONFIG', `${flag} '${dir}' cannot be used as a folder: ${reasonOf(e)}`);
  }
}

/** Checks that `file` can be written: its folder is usable and it is not itself a folder. */
export function checkWritableFile(file: string, flag: string): void {
  checkWritableDir(dirname(file), flag);
  let isFolder = false;
  try {
    isFolder = statSync(file).isDirectory();
  } catch {
    // a missing file is fine: it will be created
  }
  if (isFolder) throw new ScrutableError('BAD_CONFIG', `${flag} '${file}' is a folder, not a file`);
}
