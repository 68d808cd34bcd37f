import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from './files.js';
import { Store, StoreFailedError } from './store.js';

interface Doc {
  items: { id: string; group: string; n: number };
  counters: { n: number };
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'store-test-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** What the disk holds if the process died now: a copy of the files, the live store untouched. */
function crashCopy(dir: string): string {
  const copy = tempDir();
  cpSync(dir, copy, { recursive: true });
  return copy;
}

function open(dir: string, checkpointBytes?: number): Promise<Store<Doc>> {
  return Store.open<Doc>({
    dir,
    collections: ['items', 'counters'],
    indexes: { items: { byGroup: (i) => i.group } },
    fsync: false,
    ...(checkpointBytes ? { checkpointBytes } : {}),
  });
}

describe('store', () => {
  it('commits a transaction durably: a new store on the same dir sees it without a clean close', async () => {
    const dir = tempDir();
    const a = await open(dir);
    await a.transaction((tx) => tx.put('items', 'x', { id: 'x', group: 'g', n: 1 }));
    // as if the process died now: no close, no checkpoint
    const b = await open(crashCopy(dir));
    expect(await b.read((v) => v.get('items', 'x'))).toEqual({ id: 'x', group: 'g', n: 1 });
    await b.close();
    await a.close();
  });

  it('rolls back every write of a transaction that throws', async () => {
    const s = await open(tempDir());
    await s.transaction((tx) => tx.put('items', 'keep', { id: 'keep', group: 'g', n: 1 }));
    await expect(
      s.transaction((tx) => {
        tx.put('items', 'a', { id: 'a', group: 'g', n: 1 });
        tx.delete('items', 'keep');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await s.read((v) => [v.get('items', 'a'), v.get('items', 'keep')?.id, v.count('items', 'byGroup', 'g')])).toEqual([undefined, 'keep', 1]);
    await s.close();
  });

  it('lets a transaction see its own writes, through indexes too', async () => {
    const s = await open(tempDir());
    await s.transaction((tx) => tx.put('items', 'a', { id: 'a', group: 'g1', n: 1 }));
    await s.transaction((tx) => {
      tx.put('items', 'b', { id: 'b', group: 'g1', n: 2 });
      tx.put('items', 'a', { id: 'a', group: 'g2', n: 1 });
      expect(tx.find('items', 'byGroup', 'g1').map((i) => i.id)).toEqual(['b']);
      expect(tx.find('items', 'byGroup', 'g2').map((i) => i.id)).toEqual(['a']);
      expect(tx.size('items')).toBe(2);
      tx.delete('items', 'b');
      expect(tx.count('items', 'byGroup', 'g1')).toBe(0);
      expect(tx.size('items')).toBe(1);
    });
    expect(await s.read((v) => v.find('items', 'byGroup', 'g2').map((i) => i.id))).toEqual(['a']);
    await s.close();
  });

  it('runs transactions one at a time, so read-modify-write never loses an update', async () => {
    const s = await open(tempDir());
    await Promise.all(
      Array.from({ length: 200 }, () =>
        s.transaction(async (tx) => {
          const n = tx.get('counters', 'c')?.n ?? 0;
          await Promise.resolve(); // an await inside the transaction must not let another one in
          tx.put('counters', 'c', { n: n + 1 });
        }),
      ),
    );
    expect(await s.read((v) => v.get('counters', 'c')?.n)).toBe(200);
    await s.close();
  });

  it('lands every commit of a concurrent burst in the journal, in order, and replays them all', async () => {
    const dir = tempDir();
    const s = await open(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.transaction((tx) => tx.put('items', `k${i}`, { id: `k${i}`, group: 'g', n: i }))));
    const journal = readdirSync(dir).find((f) => f.startsWith('journal.'))!;
    expect(readFileSync(join(dir, journal), 'utf8').trim().split('\n')).toHaveLength(50);
    const b = await open(crashCopy(dir));
    expect(await b.read((v) => v.size('items'))).toBe(50);
    await b.close();
    await s.close();
  });

  it('ignores a torn last journal line (never acknowledged) and refuses a corrupt middle line', async () => {
    const a = await open(tempDir());
    await a.transaction((tx) => tx.put('items', 'x', { id: 'x', group: 'g', n: 1 }));
    const torn = crashCopy((a as unknown as { opts: { dir: string } }).opts.dir);
    const journal = join(torn, readdirSync(torn).find((f) => f.startsWith('journal.'))!);
    appendFileSync(journal, '{"seq":99,"ops":[["items","y",{"id":"y"');
    const b = await open(torn);
    expect(await b.read((v) => [v.get('items', 'x')?.n, v.get('items', 'y')])).toEqual([1, undefined]);
    await b.close();

    const corrupt = crashCopy((a as unknown as { opts: { dir: string } }).opts.dir);
    const j2 = join(corrupt, readdirSync(corrupt).find((f) => f.startsWith('journal.'))!);
    writeFileSync(j2, 'garbage\n' + readFileSync(j2, 'utf8'));
    await expect(open(corrupt)).rejects.toThrow(/corrupt/);
    await a.close();
  });

  it('checkpoints through lowdb when the journal grows, dropping the journals it covers', async () => {
    const dir = tempDir();
    const s = await open(dir, 2_000);
    for (let i = 0; i < 100; i++) await s.transaction((tx) => tx.put('items', `k${i}`, { id: `k${i}`, group: 'g', n: i }));
    await s.transaction((tx) => tx.put('items', 'last', { id: 'last', group: 'g', n: -1 }));
    const journals = readdirSync(dir).filter((f) => f.startsWith('journal.'));
    expect(journals.length).toBeLessThanOrEqual(2);
    const checkpoint = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    expect(checkpoint.format).toBe('openaccp-state');
    expect(Object.keys(checkpoint.collections.items).length).toBeGreaterThan(50);
    const b = await open(crashCopy(dir));
    expect(await b.read((v) => [v.size('items'), v.get('items', 'k99')?.n, v.get('items', 'last')?.n])).toEqual([101, 99, -1]);
    await b.close();
    await s.close();
  });

  it('exports and replaces the whole state', async () => {
    const s = await open(tempDir());
    await s.transaction((tx) => tx.put('items', 'a', { id: 'a', group: 'g', n: 1 }));
    const doc = await s.exportState();
    await s.transaction((tx) => tx.put('items', 'b', { id: 'b', group: 'g', n: 2 }));
    await s.replaceState(doc);
    expect(await s.read((v) => [...v.scan('items')].map((i) => i.id))).toEqual(['a']);
    expect(await s.read((v) => v.count('items', 'byGroup', 'g'))).toBe(1);
    await s.close();
  });

  it('freezes stored records so nothing is changed in place', async () => {
    const s = await open(tempDir());
    await s.transaction((tx) => tx.put('items', 'a', { id: 'a', group: 'g', n: 1 }));
    const rec = await s.read((v) => v.get('items', 'a'))!;
    expect(() => {
      (rec as { n: number }).n = 2;
    }).toThrow();
    await s.close();
  });

  it('refuses everything after a write fails, so nothing half-written is ever answered', async () => {
    const s = await open(tempDir());
    await s.transaction((tx) => tx.put('items', 'a', { id: 'a', group: 'g', n: 1 }));
    const internals = s as unknown as { journal: { write: () => Promise<never> } };
    const real = internals.journal;
    internals.journal = { ...real, write: () => Promise.reject(new Error('ENOSPC: no space left on device')) };
    await expect(s.transaction((tx) => tx.put('items', 'b', { id: 'b', group: 'g', n: 2 }))).rejects.toBeInstanceOf(StoreFailedError);
    await expect(s.read((v) => v.get('items', 'a'))).rejects.toBeInstanceOf(StoreFailedError);
    await expect(s.transaction((tx) => tx.put('items', 'c', { id: 'c', group: 'g', n: 3 }))).rejects.toBeInstanceOf(StoreFailedError);
    internals.journal = real;
    await (real as unknown as { close(): Promise<void> }).close();
  });

  it('keeps the state private: the dir 0700, the checkpoint and the journals 0600, whatever the umask', async () => {
    const dir = join(tempDir(), 'state');
    const s = await open(dir);
    await s.transaction((tx) => tx.put('items', 'x', { id: 'x', group: 'g', n: 1 }));
    await s.close();
    const mode = (f: string) => statSync(join(dir, f)).mode & 0o777;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toContain('state.json');
    expect(files.some((f) => f.startsWith('journal.'))).toBe(true);
    for (const f of files) expect({ f, mode: mode(f) }).toEqual({ f, mode: 0o600 });
  });

  it('ignores and removes a checkpoint temp file a crash left behind', async () => {
    const dir = tempDir();
    const a = await open(dir);
    await a.transaction((tx) => tx.put('items', 'x', { id: 'x', group: 'g', n: 1 }));
    await a.close();
    writeFileSync(join(dir, '.state.json.0badc0de.tmp'), '{"format":"openaccp-st');
    const b = await open(dir);
    expect(await b.read((v) => v.get('items', 'x'))).toEqual({ id: 'x', group: 'g', n: 1 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await b.close();
  });

  it('changes nothing when a transaction writes a value JSON cannot hold', async () => {
    const dir = tempDir();
    const s = await open(dir);
    await s.transaction((tx) => tx.put('items', 'keep', { id: 'keep', group: 'g', n: 1 }));
    const deep: unknown[] = [];
    let at = deep;
    for (let i = 0; i < 20_000; i++) at.push((at = []));
    await expect(s.transaction((tx) => tx.put('items', 'deep', { id: 'deep', group: 'g', n: 2, junk: deep } as never))).rejects.toThrow(RangeError);
    expect(await s.read((v) => [v.get('items', 'deep'), v.size('items')])).toEqual([undefined, 1]);
    await s.transaction((tx) => tx.put('items', 'next', { id: 'next', group: 'g', n: 3 }));
    await s.close();
    const again = await open(dir);
    expect(await again.read((v) => v.size('items'))).toBe(2);
    await again.close();
  });
});

describe('files beside the state', () => {
  it('writes uploads 0600 in 0700 folders', () => {
    const root = join(tempDir(), 'uploads');
    const files = new FileStore(root);
    files.write(`${FileStore.folderOf('a', 'b')}/id_front.jpg`, Buffer.from('jpeg'));
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, FileStore.folderOf('a', 'b'))).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, FileStore.folderOf('a', 'b'), 'id_front.jpg')).mode & 0o777).toBe(0o600);
  });
});
