// Files kept beside the state (uploaded photos). Paths are built here from hashes only, never
// from what a merchant sent, so no user_id can walk out of the folder. Writes are atomic
// (temporary file, fsync, rename), folders 0700 and files 0600. Nothing here is served over HTTP without the admin token.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureDir } from './store.js';

export class FileStore {
  constructor(private readonly root: string) {
    ensureDir(root);
  }

  /** A folder name for an owner, from a hash of its identity. */
  static folderOf(...identity: string[]): string {
    return createHash('sha256').update(identity.join('\u0000')).digest('hex').slice(0, 32);
  }

  /** Writes `data` under the relative path (made of folderOf names and fixed names) and fsyncs it. */
  write(relative: string, data: Buffer): void {
    if (relative.split('/').some((part) => part === '..' || part === '' || part.includes('\\'))) throw new Error(`bad path ${relative}`);
    const path = join(this.root, relative);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    // ID photos: readable by the simulator's user only
    writeFileSync(tmp, data, { mode: 0o600 });
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  }

  read(relative: string): Buffer {
    if (relative.split('/').some((part) => part === '..' || part === '')) throw new Error(`bad path ${relative}`);
    return readFileSync(join(this.root, relative));
  }
}
