// One simulator per data dir. Two processes serving (or `accp merchant create` writing) one
// state would each append to their own journal and checkpoint over the other: answered writes
// lost. So whoever opens a data dir first holds <dir>/LOCK, a file naming its pid, until it
// closes; anyone else is refused. A LOCK whose process is gone (a crash, kill -9) is stale and
// taken over. (A LOCK whose pid now belongs to some unrelated process is refused, naming the
// file to remove: the only case that needs a person.)
//
// The LOCK appears complete or not at all: it is written under a temporary name and hard-linked
// into place, which fails when a LOCK exists. A stale LOCK is first renamed aside (only one
// process can win that rename) and removed only if it is still the stale one.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirBusyError extends Error {}

export interface DataDirLock {
  readonly path: string;
  /** Removes the LOCK if it is still this one. */
  release(): void;
}

export function lockPath(dir: string): string {
  return join(dir, 'LOCK');
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Places `text` at `path` unless something is there already (false then). */
function create(path: string, text: string): boolean {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // a filesystem without hard links: an exclusive create, written at once
    try {
      writeFileSync(path, text, { flag: 'wx', mode: 0o600 });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  } finally {
    unlinkSync(tmp);
  }
}

/** The LOCKs this process holds, by content: a LOCK naming our pid but not listed here was left
 * by an earlier process that had the same pid (a container restarted), so it is stale. */
const ours = new Set<string>();

export function lockDataDir(dir: string): DataDirLock {
  const path = lockPath(dir);
  const mine = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  const lock: DataDirLock = {
    path,
    release() {
      ours.delete(mine);
      if (readText(path) === mine) unlinkSync(path);
    },
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (create(path, mine)) {
      ours.add(mine);
      return lock;
    }
    const held = readText(path);
    if (held === null) continue; // released meanwhile
    const pid = Number(/^(\d+) /.exec(held)?.[1]);
    const live = pid === process.pid ? ours.has(held) : Number.isSafeInteger(pid) && pid > 0 && alive(pid);
    if (live) {
      throw new DataDirBusyError(
        pid === process.pid
          ? `${dir} is already open in this process`
          : `another simulator (pid ${pid}) is using ${dir}; stop it, or use another --data-dir (if no such process is a simulator, remove ${path})`,
      );
    }
    // stale: move it aside, and drop it only if it is the stale one we read
    const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
    try {
      renameSync(path, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    if (readText(aside) !== held) {
      // another process took it over between our read and our rename: give it back
      create(path, readText(aside) ?? '');
    }
    unlinkSync(aside);
  }
  throw new DataDirBusyError(`could not lock ${dir}: its LOCK keeps changing`);
}
