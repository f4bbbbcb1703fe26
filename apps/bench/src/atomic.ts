import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A file could not be written (disk full, permissions, a folder in the way); the message names it. */
export class FileWriteError extends Error {
  override readonly name = 'FileWriteError';
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
  }
}

/**
 * Writes a file so readers see either the old content or the new, never a part: write a temporary
 * file in the same folder (same file system), then rename it over the target. A failure throws
 * FileWriteError naming the target, never the temporary file.
 */
export function writeFileAtomic(path: string, content: string): void {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOSPC'
        ? 'no space left on the device'
        : code === 'EISDIR'
          ? 'a folder is in the way'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (e as Error).message.replace(/, (open|rename|write|mkdir) .*$/, '');
    throw new FileWriteError(path, code, reason);
  }
}
