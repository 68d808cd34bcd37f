// One process per data dir (store/lock.ts): a second opener is refused while the first lives,
// and a LOCK left by a dead process is taken over.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirBusyError, lockDataDir, lockPath } from './lock.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lock-test-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A process that lives until killed, and its pid. */
async function otherProcess(): Promise<{ pid: number; end: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((r) => child.once('spawn', r));
  return {
    pid: child.pid!,
    end: () =>
      new Promise<void>((r) => {
        child.once('exit', () => r());
        child.kill('SIGKILL');
      }),
  };
}

describe('data dir lock', () => {
  it('holds LOCK (0600, naming the pid) until released; a second opener in this process is refused', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    expect(readFileSync(lockPath(dir), 'utf8')).toMatch(new RegExp(`^${process.pid} [0-9a-f]+\\n$`));
    expect(statSync(lockPath(dir)).mode & 0o777).toBe(0o600);
    expect(() => lockDataDir(dir)).toThrow(new DataDirBusyError(`${dir} is already open in this process`));
    lock.release();
    expect(existsSync(lockPath(dir))).toBe(false);
    const again = lockDataDir(dir);
    again.release();
  });

  it('refuses while another live process holds the dir, and takes over once that process is dead', async () => {
    const dir = tempDir();
    const other = await otherProcess();
    writeFileSync(lockPath(dir), `${other.pid} 0123456789abcdef\n`);
    expect(() => lockDataDir(dir)).toThrow(`another simulator (pid ${other.pid}) is using ${dir}`);
    expect(readFileSync(lockPath(dir), 'utf8')).toBe(`${other.pid} 0123456789abcdef\n`);
    await other.end();
    const lock = lockDataDir(dir);
    expect(readFileSync(lockPath(dir), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    lock.release();
  });

  it('takes over a LOCK naming this pid that this process does not hold (a restarted container reuses pids)', () => {
    const dir = tempDir();
    writeFileSync(lockPath(dir), `${process.pid} 0123456789abcdef\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(lockPath(dir), 'utf8')).not.toBe(`${process.pid} 0123456789abcdef\n`);
    expect(() => lockDataDir(dir)).toThrow(DataDirBusyError);
    lock.release();
  });

  it('release leaves alone a LOCK that is no longer its own', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    writeFileSync(lockPath(dir), '1 someone-else\n');
    lock.release();
    expect(readFileSync(lockPath(dir), 'utf8')).toBe('1 someone-else\n');
  });
});
