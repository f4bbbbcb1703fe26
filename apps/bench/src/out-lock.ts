import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ScrutableError } from '@scrutable/core';

/** The lock file a writer holds in an output folder while it writes there. */
export const LOCK_FILE = '.scrutable.lock';

/** True when a process with this id runs on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the output folder's lock, so two commands never write one folder at once (their files would
 * interleave); BAD_CONFIG naming the holder when another live process has it. A lock left by a
 * process that has died (killed) is taken over. Returns the release function.
 */
export function lockOutputFolder(dir: string, flag = '--out'): () => void {
  const path = join(dir, LOCK_FILE);
  const me = { pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder: { pid?: unknown; host?: unknown } = {};
    try {
      holder = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      // unreadable or half-written: treated as left behind
    }
    const pid = typeof holder.pid === 'number' ? holder.pid : undefined;
    const elsewhere = typeof holder.host === 'string' && holder.host !== me.host;
    if (pid !== undefined && (elsewhere || alive(pid)))
      throw new ScrutableError(
        'BAD_CONFIG',
        `${flag} '${dir}' is in use by process ${pid}${elsewhere ? ` on ${String(holder.host)}` : ''} (remove ${path} if that process is gone)`,
      );
    rmSync(path, { force: true });
  }
  throw new ScrutableError(
    'BAD_CONFIG',
    `${flag} '${dir}' is being locked by another process at the same time`,
  );
}
