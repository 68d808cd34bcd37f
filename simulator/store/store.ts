// The simulator's state, and the only module that touches lowdb or the state files.
//
// Layout of a data dir:
//   state.json            the checkpoint, written by lowdb through DurableJsonFile (temp file,
//                          fsync, rename, fsync of the dir: a power cut leaves the old or the new)
//   journal.<gen>.jsonl    every commit since that checkpoint, one JSON line per commit
// The dir is 0700 and its files 0600: the state holds card and ID numbers and live SMS codes.
//
// Why a journal beside lowdb: lowdb writes the whole document on every write. A request must
// not be answered before its change is on disk, and rewriting a state of 100,000 transactions
// per request would cost a second each. So a commit appends its few changed records to the
// journal (a burst of concurrent commits shares one append and one fdatasync: group commit),
// and the whole state goes through lowdb only as a checkpoint, when the journal has grown past
// a threshold, at start and at shutdown. Recovery = checkpoint + replay of the journal.
//
// Concurrency: transactions run one at a time (a FIFO lock), see their own writes, and either
// commit every change or none. A transaction's promise resolves only once its journal line is
// durable; a read first waits for the durability of everything it can see.
//
// Records are immutable: `put` replaces a record, nothing is modified in place. That makes a
// consistent checkpoint a shallow copy and a rollback a matter of dropping the overlay.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';

/** Extracts the secondary-index keys of a record (none, one or several). */
export type IndexFn<T> = (record: T) => string | readonly string[] | undefined;

export type IndexSpec<C> = { [K in keyof C]?: Record<string, IndexFn<C[K]>> };

export interface ReadView<C> {
  get<K extends keyof C & string>(coll: K, key: string): Readonly<C[K]> | undefined;
  /** Records whose index `index` yields `value`, in insertion order. */
  find<K extends keyof C & string>(coll: K, index: string, value: string): Readonly<C[K]>[];
  count<K extends keyof C & string>(coll: K, index: string, value: string): number;
  /** Every record of a collection, in insertion order. Scans: use indexes on hot paths. */
  scan<K extends keyof C & string>(coll: K): Iterable<Readonly<C[K]>>;
  size<K extends keyof C & string>(coll: K): number;
}

export interface WriteTx<C> extends ReadView<C> {
  put<K extends keyof C & string>(coll: K, key: string, value: C[K]): void;
  delete<K extends keyof C & string>(coll: K, key: string): void;
}

/** The whole state as plain JSON: what snapshots export and restore. */
export interface StateDocument {
  format: 'openaccp-state';
  version: 1;
  seq: number;
  collections: Record<string, Record<string, unknown>>;
}

export interface StoreOptions<C> {
  dir: string;
  collections: readonly (keyof C & string)[];
  indexes: IndexSpec<C>;
  /** Journal size that triggers a checkpoint. */
  checkpointBytes?: number;
  /** fdatasync after each group commit (default true). */
  fsync?: boolean;
}

type Op = [coll: string, key: string, value: unknown];

class Collection {
  readonly records = new Map<string, unknown>();
  readonly indexes = new Map<string, { fn: IndexFn<unknown>; map: Map<string, Set<string>> }>();

  constructor(specs: Record<string, IndexFn<unknown>> | undefined) {
    for (const [name, fn] of Object.entries(specs ?? {})) this.indexes.set(name, { fn, map: new Map() });
  }

  set(key: string, value: unknown | null): void {
    const old = this.records.get(key);
    if (old !== undefined) this.unindex(key, old);
    if (value === null) {
      this.records.delete(key);
    } else {
      this.records.set(key, value);
      this.index(key, value);
    }
  }

  private index(key: string, value: unknown): void {
    for (const { fn, map } of this.indexes.values()) {
      for (const v of keysOf(fn(value))) {
        let set = map.get(v);
        if (!set) map.set(v, (set = new Set()));
        set.add(key);
      }
    }
  }

  private unindex(key: string, value: unknown): void {
    for (const { fn, map } of this.indexes.values()) {
      for (const v of keysOf(fn(value))) {
        const set = map.get(v);
        if (!set) continue;
        set.delete(key);
        if (set.size === 0) map.delete(v);
      }
    }
  }

  clear(): void {
    this.records.clear();
    for (const ix of this.indexes.values()) ix.map.clear();
  }
}

function keysOf(v: string | readonly string[] | undefined): readonly string[] {
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}

class Deferred {
  promise: Promise<void>;
  resolve!: () => void;
  reject!: (e: unknown) => void;
  constructor() {
    this.promise = new Promise((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
    this.promise.catch(() => undefined);
  }
}

export class StoreFailedError extends Error {}

export class Store<C> {
  private readonly colls = new Map<string, Collection>();
  private readonly lowdb: Low<StateDocument>;
  private seq = 0;
  private gen = 0;
  private journal: FileHandle | null = null;
  private journalBytes = 0;
  private pending: string[] = [];
  private pendingDone = new Deferred();
  private flushing: Promise<void> | null = null;
  private flushScheduled = false;
  /** Resolves when every commit made so far is durable. */
  private durable: Promise<void> = Promise.resolve();
  private lockTail: Promise<void> = Promise.resolve();
  private failed: Error | null = null;
  private checkpointing: Promise<void> | null = null;
  private closed = false;

  private constructor(private readonly opts: Required<StoreOptions<C>>) {
    for (const name of opts.collections) {
      this.colls.set(name, new Collection(opts.indexes[name] as Record<string, IndexFn<unknown>> | undefined));
    }
    this.lowdb = new Low(new DurableJsonFile(join(opts.dir, 'state.json'), opts.fsync), emptyDocument());
  }

  static async open<C>(options: StoreOptions<C>): Promise<Store<C>> {
    ensureDir(options.dir);
    const store = new Store<C>({ checkpointBytes: 32 * 1024 * 1024, fsync: true, ...options });
    await store.recover();
    return store;
  }

  // ---- reading -------------------------------------------------------------------------

  /** Runs `fn` on the committed state, after everything it can see is durable. */
  async read<T>(fn: (view: ReadView<C>) => T): Promise<T> {
    this.assertUsable();
    const result = fn(this.view(null));
    await this.durable;
    this.assertUsable();
    return result;
  }

  /** A synchronous look at committed state, for code that answers nothing to a client (workers). */
  peek<T>(fn: (view: ReadView<C>) => T): T {
    this.assertUsable();
    return fn(this.view(null));
  }

  // ---- writing -------------------------------------------------------------------------

  /**
   * Runs `fn` alone (transactions are serialized), then commits all its writes at once, or
   * none when it throws. Resolves with fn's result once the commit is durable.
   */
  async transaction<T>(fn: (tx: WriteTx<C>) => T | Promise<T>): Promise<T> {
    this.assertUsable();
    const release = await this.lock();
    let outcome: { result: T; done: Promise<void> };
    try {
      this.assertUsable();
      const overlay = new Map<string, Map<string, unknown | null>>();
      const result = await fn(this.view(overlay) as WriteTx<C>);
      outcome = { result, done: this.commit(overlay) };
    } finally {
      release();
    }
    await outcome.done;
    return outcome.result;
  }

  private lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((res) => (release = res));
    const prev = this.lockTail;
    this.lockTail = prev.then(() => next);
    return prev.then(() => release);
  }

  private commit(overlay: Map<string, Map<string, unknown | null>>): Promise<void> {
    const ops: Op[] = [];
    for (const [coll, changes] of overlay) {
      for (const [key, value] of changes) ops.push([coll, key, value]);
    }
    if (ops.length === 0) return this.durable;
    // Serialised before anything is applied: a value JSON cannot write (too deep, a cycle) throws
    // here and the transaction changes nothing, rather than living in memory but not on disk.
    const line = JSON.stringify({ seq: this.seq + 1, ops }) + '\n';
    this.seq += 1;
    for (const [coll, key, value] of ops) this.colls.get(coll)!.set(key, value);
    this.pending.push(line);
    const done = this.pendingDone.promise;
    this.durable = done;
    this.scheduleFlush();
    return done;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    // setImmediate lets the other requests of this burst commit before the append.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushing = this.flushLoop().finally(() => {
        this.flushing = null;
        if (this.pending.length > 0) this.scheduleFlush();
      });
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0 && !this.failed) {
      try {
        if (this.journalBytes >= this.opts.checkpointBytes && !this.checkpointing) {
          // The flush loop is the only journal writer, so it is the one place that switches
          // journals. The copy includes the pending commits; they go to the new journal too,
          // where replay skips them once the checkpoint is on disk.
          const doc = this.document();
          const oldGen = this.gen;
          await this.rotateJournal();
          this.checkpointing = this.writeCheckpoint(doc, oldGen)
            .catch((err) => this.fail(err))
            .finally(() => (this.checkpointing = null));
        }
      } catch (err) {
        this.fail(err);
      }
      const lines = this.pending;
      const deferred = this.pendingDone;
      this.pending = [];
      this.pendingDone = new Deferred();
      try {
        if (this.failed) throw this.failed;
        const data = lines.join('');
        await this.journal!.write(data);
        if (this.opts.fsync) await this.journal!.datasync();
        this.journalBytes += Buffer.byteLength(data);
        deferred.resolve();
      } catch (err) {
        if (!this.failed) this.fail(err);
        deferred.reject(this.failed);
        this.pendingDone.reject(this.failed);
        return;
      }
    }
  }

  private fail(err: unknown): void {
    // The in-memory state is ahead of the disk: refuse everything until a restart reloads.
    this.failed = new StoreFailedError(`state could not be written: ${(err as Error).message}`);
  }

  private assertUsable(): void {
    if (this.failed) throw this.failed;
    if (this.closed) throw new StoreFailedError('store is closed');
  }

  // ---- checkpoints, recovery, snapshots -------------------------------------------------

  private document(): StateDocument {
    const collections: Record<string, Record<string, unknown>> = {};
    for (const [name, coll] of this.colls) collections[name] = Object.fromEntries(coll.records);
    return { format: 'openaccp-state', version: 1, seq: this.seq, collections };
  }

  /** Writes the whole state through lowdb and drops the journals it covers. No flush may run. */
  private async checkpoint(): Promise<void> {
    const doc = this.document();
    const oldGen = this.gen;
    await this.rotateJournal();
    await this.writeCheckpoint(doc, oldGen);
  }

  private async writeCheckpoint(doc: StateDocument, coveredGen: number): Promise<void> {
    this.lowdb.data = doc;
    await this.lowdb.write();
    for (const g of this.journalGens()) if (g <= coveredGen) unlinkSync(this.journalPath(g));
  }

  private async rotateJournal(): Promise<void> {
    const old = this.journal;
    this.gen += 1;
    this.journal = await open(this.journalPath(this.gen), 'a', 0o600);
    this.journalBytes = 0;
    await old?.close();
  }

  private journalPath(gen: number): string {
    return join(this.opts.dir, `journal.${gen}.jsonl`);
  }

  private journalGens(): number[] {
    return readdirSync(this.opts.dir)
      .map((f) => /^journal\.(\d+)\.jsonl$/.exec(f)?.[1])
      .filter((g): g is string => g !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  private async recover(): Promise<void> {
    // a checkpoint's temp file left by a crash was never renamed in: it holds nothing needed
    for (const f of readdirSync(this.opts.dir)) if (/^\.state\.json\.[0-9a-f]+\.tmp$/.test(f)) unlinkSync(join(this.opts.dir, f));
    await this.lowdb.read();
    const doc = this.lowdb.data ?? emptyDocument();
    this.load(doc);
    const gens = this.journalGens();
    gens.forEach((gen, i) => {
      const text = readFileSync(this.journalPath(gen), 'utf8');
      const lines = text.split('\n');
      lines.forEach((line, j) => {
        if (line === '') return;
        let entry: { seq: number; ops: Op[] };
        try {
          entry = JSON.parse(line);
        } catch {
          // A torn last line was never acknowledged (its commit resolved only after the write).
          if (i === gens.length - 1 && j === lines.length - 1) return;
          throw new Error(`journal.${gen}.jsonl line ${j + 1} is corrupt`);
        }
        if (entry.seq <= this.seq) return;
        for (const [coll, key, value] of entry.ops) this.colls.get(coll)?.set(key, value);
        this.seq = entry.seq;
      });
    });
    this.gen = gens.at(-1) ?? 0;
    // Start every run from a fresh checkpoint: one file to read, no torn tail to carry.
    await this.checkpoint();
  }

  private load(doc: StateDocument): void {
    if (doc.format !== 'openaccp-state' || doc.version !== 1) throw new Error('not an OpenACCP state document (format/version)');
    for (const coll of this.colls.values()) coll.clear();
    for (const [name, records] of Object.entries(doc.collections ?? {})) {
      const coll = this.colls.get(name);
      if (!coll) continue;
      for (const [key, value] of Object.entries(records)) coll.set(key, value);
    }
    this.seq = doc.seq ?? 0;
  }

  /** The whole state, durable, as JSON (GET /sandbox/snapshot). */
  async exportState(): Promise<StateDocument> {
    return this.read(() => this.document());
  }

  /** Replaces the whole state (POST /sandbox/snapshot, /sandbox/reset), durably. */
  async replaceState(doc: StateDocument): Promise<void> {
    this.assertUsable();
    const release = await this.lock();
    try {
      await this.durable;
      if (this.flushing) await this.flushing;
      if (this.checkpointing) await this.checkpointing;
      const seq = this.seq;
      this.load(doc);
      this.seq = Math.max(seq, doc.seq ?? 0) + 1;
      await this.checkpoint();
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const release = await this.lock();
    try {
      await this.durable.catch(() => undefined);
      if (this.flushing) await this.flushing;
      if (this.checkpointing) await this.checkpointing;
      if (!this.failed) await this.checkpoint();
      await this.journal?.close();
      this.journal = null;
      this.closed = true;
    } finally {
      release();
    }
  }

  // ---- views ---------------------------------------------------------------------------

  private view(overlay: Map<string, Map<string, unknown | null>> | null): WriteTx<C> {
    const colls = this.colls;
    const coll = (name: string): Collection => {
      const c = colls.get(name);
      if (!c) throw new Error(`unknown collection ${name}`);
      return c;
    };
    const get = (name: string, key: string): unknown => {
      const changed = overlay?.get(name);
      if (changed?.has(key)) return changed.get(key) ?? undefined;
      return coll(name).records.get(key);
    };
    const findKeys = (name: string, index: string, value: string): string[] => {
      const c = coll(name);
      const ix = c.indexes.get(index);
      if (!ix) throw new Error(`unknown index ${name}.${index}`);
      const keys = new Set(ix.map.get(value) ?? []);
      const changed = overlay?.get(name);
      if (changed) {
        for (const [key, rec] of changed) {
          if (rec !== null && keysOf(ix.fn(rec)).includes(value)) keys.add(key);
          else keys.delete(key);
        }
      }
      return [...keys];
    };
    const view: WriteTx<C> = {
      get: (name, key) => get(name, key) as never,
      find: (name, index, value) => findKeys(name, index, value).map((k) => get(name, k)) as never,
      count: (name, index, value) => findKeys(name, index, value).length,
      *scan(name) {
        const changed = overlay?.get(name);
        for (const [key, rec] of coll(name).records) {
          if (changed?.has(key)) continue;
          yield rec as never;
        }
        if (changed) for (const rec of changed.values()) if (rec !== null) yield rec as never;
      },
      size: (name) => {
        let n = coll(name).records.size;
        const changed = overlay?.get(name);
        if (changed) {
          for (const [key, rec] of changed) {
            const existed = coll(name).records.has(key);
            if (rec === null && existed) n -= 1;
            else if (rec !== null && !existed) n += 1;
          }
        }
        return n;
      },
      put: (name, key, value) => {
        if (!overlay) throw new Error('read-only view');
        coll(name);
        let changed = overlay.get(name);
        if (!changed) overlay.set(name, (changed = new Map()));
        changed.set(key, Object.freeze(value));
      },
      delete: (name, key) => {
        if (!overlay) throw new Error('read-only view');
        coll(name);
        let changed = overlay.get(name);
        if (!changed) overlay.set(name, (changed = new Map()));
        changed.set(key, null);
      },
    };
    return view;
  }
}

function emptyDocument(): StateDocument {
  return { format: 'openaccp-state', version: 1, seq: 0, collections: {} };
}

function syncFile(path: string): void {
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r');
  try {
    fdatasyncSync(fd);
  } catch {
    // some filesystems refuse fsync on directories; the rename is still atomic
  } finally {
    closeSync(fd);
  }
}

/** A private folder (0700), made if missing and tightened if it was made before with the umask. */
export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * lowdb's adapter for the checkpoint. lowdb's own (steno) renames its temp file without an
 * fsync, so after a power cut the new name could point at an empty file and the next start
 * fail. Here: write the temp file (0600), fsync it, rename it over state.json, fsync the folder.
 * A temp file left by a crash is never read, and is replaced by the next checkpoint.
 */
export class DurableJsonFile implements Adapter<StateDocument> {
  constructor(
    private readonly path: string,
    private readonly fsync: boolean,
  ) {}

  async read(): Promise<StateDocument | null> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as StateDocument;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async write(doc: StateDocument): Promise<void> {
    const tmp = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(4).toString('hex')}.tmp`);
    const file = await open(tmp, 'wx', 0o600);
    try {
      try {
        await file.writeFile(JSON.stringify(doc));
        if (this.fsync) await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, this.path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    if (this.fsync) syncFile(dirname(this.path));
  }
}
