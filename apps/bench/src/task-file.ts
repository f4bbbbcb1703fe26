import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ScrutableError } from '@scrutable/core';
import { readTaskCsv, type TaskInstance } from '@scrutable/tasks';

/** How a task read from a file is named among the suite's tasks: `file:<absolute path>#<content hash>`. */
export const FILE_TASK_PREFIX = 'file:';

/** True when a task id names a task file rather than a generated domain. */
export function isFileTask(task: string): boolean {
  return task.startsWith(FILE_TASK_PREFIX);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    throw new ScrutableError('BAD_CONFIG', `cannot read the task file '${path}': ${reason}`);
  }
}

function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * The task id of a CSV task file (relative paths resolve against `base`). The id carries a hash of
 * the content, so a changed file makes new cells rather than reusing cached ones. The file is read
 * and checked now, so a bad file fails before anything trains (BAD_INPUT naming row and column).
 */
export function fileTaskId(path: string, base = process.cwd()): string {
  const absolute = resolve(base, path);
  const text = readText(absolute);
  readTaskCsv(text, { name: basename(absolute), seed: 0 });
  return `${FILE_TASK_PREFIX}${absolute}#${contentHash(text)}`;
}

/** The task a file task id names, split by `seed` when the file has no split column. */
export function readFileTask(id: string, seed: number): TaskInstance {
  const hashAt = id.lastIndexOf('#');
  const path = id.slice(FILE_TASK_PREFIX.length, hashAt);
  const text = readText(path);
  if (contentHash(text) !== id.slice(hashAt + 1))
    throw new ScrutableError('BAD_INPUT', `the task file '${path}' changed after the run began`);
  return readTaskCsv(text, { name: basename(path), seed });
}
