// Puts the simulator together: data dir, keys, state, rules, schemas, notification worker,
// HTTP server. `accp serve`, the tests and the harness all start it through startSimulator.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Context, PlatformKeys } from './domain/context.js';
import { openState } from './domain/state.js';
import { createApp } from './http/app.js';
import { createLogger, type Logger } from './log.js';
import { createMerchant, MerchantKeys } from './merchants/merchants.js';
import { NotificationWorker, type WorkerOptions } from './notifications/worker.js';
import { rulesDir, schemasDir } from './paths.js';
import { generateRsaKeyPair, parsePublicKey, publicKeyBase64Der } from './protocol/keys.js';
import { PasswordCipher } from './protocol/password-crypto.js';
import { loadPrivateKey } from './protocol/signature.js';
import { SchemaRegistry } from './protocol/validation.js';
import { RuleBook } from './rulebook/rulebook.js';
import { ClockControl, ensureMerchantAccounts } from './sandbox/sandbox.js';
import { FileStore } from './store/files.js';
import { lockDataDir, type DataDirLock } from './store/lock.js';
import { ensureDir } from './store/store.js';
import { Scheduler, type Job } from './world/scheduler.js';
import { settlePending } from './ledger/settlement.js';
import { closeExpiredTrades, dropLapsedPayments } from './payments/trades.js';
import { answerDueWithdrawals, closeExpiredWithdrawals } from './withdrawals/withdrawal.js';
import { processRefunds } from './refunds/refund.js';

/** What happens because time passes (world/scheduler.ts), in this order. */
export const JOBS: readonly Job[] = [
  { name: 'daily settlement', run: settlePending },
  { name: 'expired orders', run: closeExpiredTrades },
  { name: 'lapsed SMS payments', run: dropLapsedPayments },
  { name: 'expired withdrawals', run: closeExpiredWithdrawals },
  { name: 'bank answers withdrawals', run: answerDueWithdrawals },
  { name: 'channels answer refunds', run: processRefunds },
];
import { Clock } from './world/clock.js';

export const DEMO_OID_PARTNER = '201707041000000000';
export const DEMO_MERCHANT_NAME = 'OpenACCP 演示商户';

export interface SimulatorOptions {
  dataDir: string;
  port?: number;
  host?: string;
  /** Defaults to ACCP_ADMIN_TOKEN, then to the token saved in the data dir, then a new one. */
  adminToken?: string;
  logger?: Logger;
  notifications?: WorkerOptions;
  /** fdatasync each group commit (default true) */
  fsync?: boolean;
  /** Size of the platform key created on first start (default 2048). */
  platformKeyBits?: 1024 | 2048;
  /**
   * How often the clockwork (settlement, expiries, the bank's and channels' answers) runs on its
   * own, in ms of real time (default 1000). It also runs on every sandbox clock advance and on
   * POST /sandbox/jobs/run, so a test that wants only those sets a long tick.
   */
  clockworkTickMs?: number;
}

export interface KeyFiles {
  platformPrivateKey: string;
  platformPublicKeyPem: string;
  platformPublicKeyB64: string;
  demoMerchantPrivateKey: string;
  demoMerchantPublicKeyPem: string;
  demoMerchantPublicKeyB64: string;
}

export interface RunningSimulator {
  url: string;
  port: number;
  dataDir: string;
  adminToken: string;
  /** The demo merchant was created by this start (with the keys, on a fresh data dir) */
  firstStart: boolean;
  /** The platform and demo-merchant keys were created by this start */
  keysCreated: boolean;
  demoOidPartner: string;
  keyFiles: KeyFiles;
  ctx: Context;
  close(): Promise<void>;
}

export function keyFilesOf(dataDir: string): KeyFiles {
  const k = (f: string) => join(dataDir, 'keys', f);
  return {
    platformPrivateKey: k('platform_private_key.pem'),
    platformPublicKeyPem: k('platform_public_key.pem'),
    platformPublicKeyB64: k('platform_public_key.txt'),
    demoMerchantPrivateKey: k('demo_merchant_private_key.pem'),
    demoMerchantPublicKeyPem: k('demo_merchant_public_key.pem'),
    demoMerchantPublicKeyB64: k('demo_merchant_public_key.txt'),
  };
}

function writeSecret(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Creates the platform and demo-merchant key pairs on first start; reads them afterwards. */
function ensureKeys(dataDir: string, bits: 1024 | 2048): { files: KeyFiles; created: boolean } {
  const files = keyFilesOf(dataDir);
  ensureDir(join(dataDir, 'keys'));
  let created = false;
  for (const [priv, pem, b64] of [
    [files.platformPrivateKey, files.platformPublicKeyPem, files.platformPublicKeyB64],
    [files.demoMerchantPrivateKey, files.demoMerchantPublicKeyPem, files.demoMerchantPublicKeyB64],
  ] as const) {
    if (existsSync(priv)) continue;
    const pair = generateRsaKeyPair(bits);
    writeSecret(priv, pair.privateKeyPem);
    writeFileSync(pem, pair.publicKeyPem);
    writeFileSync(b64, publicKeyBase64Der(parsePublicKey(pair.publicKeyPem)) + '\n');
    created = true;
  }
  return { files, created };
}

/** The admin token: the option, ACCP_ADMIN_TOKEN, the saved one, or a new one saved for next time. */
export function resolveAdminToken(dataDir: string, explicit?: string): string {
  const given = explicit ?? process.env.ACCP_ADMIN_TOKEN;
  if (given) return given;
  const path = join(dataDir, 'admin_token');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const token = randomBytes(24).toString('hex');
  mkdirSync(dataDir, { recursive: true });
  writeSecret(path, token + '\n');
  return token;
}

/** Written while a simulator serves a data dir, so `accp merchant create` goes through it. */
export function serverInfoPath(dataDir: string): string {
  return join(dataDir, 'server.json');
}

/** The running simulator of a data dir, if its process is alive. */
export function readServerInfo(dataDir: string): { pid: number; url: string } | null {
  const path = serverInfoPath(dataDir);
  if (!existsSync(path)) return null;
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; url: string };
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}

export interface OpenedContext {
  ctx: Context;
  clockControl: ClockControl;
  files: KeyFiles;
  keysCreated: boolean;
  worker: { current: NotificationWorker | null };
  setPublicUrl(url: string): void;
  /** Closes the state and lets go of the data dir. */
  close(): Promise<void>;
}

/** Everything but the HTTP server: used by `accp serve` and, when none runs, by `accp merchant create`. */
export async function openContext(dataDir: string, options: { logger?: Logger; fsync?: boolean; platformKeyBits?: 1024 | 2048 } = {}): Promise<OpenedContext> {
  // Made 0700 when new; a folder the user already had keeps its mode (its state/, keys/ and
  // uploads/ are 0700 either way).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // First of all: no other process may use this data dir meanwhile (store/lock.ts).
  const lock = lockDataDir(dataDir);
  try {
    return await openLocked(dataDir, options, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function openLocked(dataDir: string, options: { logger?: Logger; fsync?: boolean; platformKeyBits?: 1024 | 2048 }, lock: DataDirLock): Promise<OpenedContext> {
  const { files, created } = ensureKeys(dataDir, options.platformKeyBits ?? 2048);
  const privatePem = readFileSync(files.platformPrivateKey, 'utf8');
  const publicPem = readFileSync(files.platformPublicKeyPem, 'utf8');
  const keys: PlatformKeys = {
    privateKey: loadPrivateKey(privatePem),
    publicKeyPem: publicPem,
    publicKeyB64: publicKeyBase64Der(parsePublicKey(publicPem)),
    cipher: new PasswordCipher(privatePem),
  };
  const state = await openState(join(dataDir, 'state'), { fsync: options.fsync ?? true });
  const clockControl = new ClockControl();
  const worker: { current: NotificationWorker | null } = { current: null };
  let baseUrl = 'http://127.0.0.1';
  const ctx: Context = {
    state,
    clock: new Clock(() => clockControl.offsetMs),
    rules: RuleBook.load(rulesDir),
    schemas: new SchemaRegistry(schemasDir),
    keys,
    files: new FileStore(join(dataDir, 'uploads')),
    log: options.logger ?? createLogger(),
    notifier: { wake: () => worker.current?.wake() },
    publicUrl: () => baseUrl,
  };
  try {
    clockControl.load(ctx);
    await ensureMerchantAccounts(ctx);
  } catch (err) {
    await state.close().catch(() => undefined);
    throw err;
  }
  return {
    ctx,
    clockControl,
    files,
    keysCreated: created,
    worker,
    setPublicUrl: (u: string) => (baseUrl = u),
    async close() {
      try {
        await state.close();
      } finally {
        lock.release();
      }
    },
  };
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const dataDir = resolve(options.dataDir);
  const opened = await openContext(dataDir, { ...(options.logger ? { logger: options.logger } : {}), fsync: options.fsync ?? true, platformKeyBits: options.platformKeyBits ?? 2048 });
  const { ctx, clockControl, files, worker } = opened;
  const { state, log } = ctx;
  let adminToken: string;
  let hasDemo: boolean;
  try {
    adminToken = resolveAdminToken(dataDir, options.adminToken);
    hasDemo = state.peek((v) => v.get('merchants', DEMO_OID_PARTNER) !== undefined);
    if (!hasDemo) {
      await createMerchant(ctx, { oid_partner: DEMO_OID_PARTNER, name: DEMO_MERCHANT_NAME, public_key: readFileSync(files.demoMerchantPublicKeyB64, 'utf8') });
    }
  } catch (err) {
    await opened.close();
    throw err;
  }

  worker.current = new NotificationWorker(ctx, options.notifications);
  const scheduler = new Scheduler(ctx, JOBS, options.clockworkTickMs ?? 1_000);
  const app = createApp({ ctx, merchantKeys: new MerchantKeys(), worker: worker.current, scheduler, clock: clockControl, adminToken });
  const server: Server = createServer(app);
  server.keepAliveTimeout = 30_000;
  try {
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => res());
    });
  } catch (err) {
    await worker.current.stop();
    await opened.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  opened.setPublicUrl(process.env.ACCP_PUBLIC_URL ?? url);
  worker.current.start();
  scheduler.start();
  writeFileSync(serverInfoPath(dataDir), JSON.stringify({ pid: process.pid, url }) + '\n');
  log.info({ url, dataDir }, 'simulator listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    dataDir,
    adminToken,
    firstStart: opened.keysCreated || !hasDemo,
    keysCreated: opened.keysCreated,
    demoOidPartner: DEMO_OID_PARTNER,
    keyFiles: files,
    ctx,
    close() {
      closing ??= (async () => {
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 2_000);
        force.unref();
        await new Promise<void>((res) => server.close(() => res()));
        clearTimeout(force);
        await scheduler.stop();
        await worker.current?.stop();
        rmSync(serverInfoPath(dataDir), { force: true });
        await opened.close();
      })();
      return closing;
    },
  };
}
