// `accp merchant create` with no simulator running (writes the state itself) and with one
// serving the data dir (goes through its sandbox API so none of its writes is lost).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { AccpClient } from '../../harness/accp-client.js';
import { lockDataDir } from '../store/lock.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'accp-cli-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const accp = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'simulator/cli/main.ts', ...args], { env: { ...process.env, ACCP_LOG_LEVEL: 'warn', ACCP_ADMIN_TOKEN: 'cli-test-token' } });

function keyFile(name: string, format: 'pem' | 'b64'): { file: string; privateKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const file = join(dir, name);
  writeFileSync(file, format === 'b64' ? publicKey.toString('base64') : `-----BEGIN PUBLIC KEY-----\n${publicKey.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`);
  return { file, privateKey };
}

/** Everything the state dir holds (checkpoint and journals), as text. */
function readState(dataDir: string): string {
  const stateDir = join(dataDir, 'state');
  return readdirSync(stateDir)
    .sort()
    .map((f) => readFileSync(join(stateDir, f), 'utf8'))
    .join('\n');
}

function serve(dataDir: string): Promise<{ child: ChildProcess; url: string; banner: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/cli/main.ts', 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, ACCP_LOG_LEVEL: 'warn', ACCP_ADMIN_TOKEN: 'cli-test-token' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /url:\s+(\S+)/.exec(out);
      if (m && /admin token:.*\n/.test(out)) resolve({ child, url: m[1]!, banner: out });
    });
  });
}

describe('accp merchant create', () => {
  const dataDir = join(dir, 'data');

  it('registers a merchant in a data dir no simulator serves, and refuses a second one with the same id', async () => {
    const key = keyFile('m1.txt', 'b64');
    const { stdout } = await accp('merchant', 'create', '--oid-partner', '401000000000000001', '--name', '离线商户', '--public-key', key.file, '--data-dir', dataDir);
    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({ oid_partner: '401000000000000001', name: '离线商户' });
    expect(printed.platform_public_key).toMatch(/^MII[A-Za-z0-9+/=]+$/);
    // the data dir it made and its folders are private; so are the state's files
    const mode = (p: string) => statSync(p).mode & 0o777;
    for (const d of [dataDir, join(dataDir, 'state'), join(dataDir, 'keys'), join(dataDir, 'uploads')]) expect({ d, mode: mode(d) }).toEqual({ d, mode: 0o700 });
    for (const f of readdirSync(join(dataDir, 'state'))) expect({ f, mode: mode(join(dataDir, 'state', f)) }).toEqual({ f, mode: 0o600 });
    await expect(accp('merchant', 'create', '--oid-partner', '401000000000000001', '--name', 'again', '--public-key', key.file, '--data-dir', dataDir)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('already exists') });
  }, 30_000);

  it('goes through the running simulator of that data dir, and the merchant can call ACCP at once', async () => {
    const { child, url, banner } = await serve(dataDir);
    // the keys came with the first merchant create; the demo merchant is new
    expect(banner).toContain('OpenACCP simulator (demo merchant created)\n');
    // a token given by ACCP_ADMIN_TOKEN is not echoed
    expect(banner).toMatch(/admin token: +\(from ACCP_ADMIN_TOKEN\)\n/);
    expect(banner).not.toContain('cli-test-token');
    const key = keyFile('m2.pem', 'pem');
    const { stdout } = await accp('merchant', 'create', '--oid-partner', '401000000000000002', '--name', '在线商户', '--public-key', key.file, '--data-dir', dataDir);
    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({ oid_partner: '401000000000000002', via: url });
    const client = new AccpClient({ baseUrl: url, oidPartner: '401000000000000002', merchantPrivateKeyPem: key.privateKey, platformPublicKey: printed.platform_public_key });
    const a = await client.call('acctmgr/query-acctinfo', { user_type: 'INNERMERCHANT' });
    expect(a.ret_code).toBe('0000');
    expect(a.acctinfo_list).toHaveLength(8);
    await client.close();
    // the merchant registered offline before is there too
    const offline = await accp('merchant', 'create', '--oid-partner', '401000000000000001', '--name', 'x', '--public-key', join(dir, 'm1.txt'), '--data-dir', dataDir).catch((e: { stderr: string }) => e);
    expect((offline as { stderr: string }).stderr).toContain('already exists');
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }, 30_000);

  it('refuses a private key given as the public key, and keeps nothing of it', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const file = join(dir, 'private.pem');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    writeFileSync(file, pem);
    const stateBefore = readState(dataDir);
    await expect(accp('merchant', 'create', '--oid-partner', '401000000000000004', '--name', 'x', '--public-key', file, '--data-dir', dataDir)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('public_key: this is a private key, not a public one'),
    });
    const stateAfter = readState(dataDir);
    expect(stateAfter).not.toContain('PRIVATE');
    expect(stateAfter).not.toContain('401000000000000004');
    expect(stateBefore).not.toContain('401000000000000004');
  }, 30_000);

  it('refuses a key that is not an RSA public key', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'not a key');
    await expect(accp('merchant', 'create', '--oid-partner', '401000000000000003', '--name', 'x', '--public-key', bad, '--data-dir', dataDir)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('public_key') });
  }, 30_000);
});

describe('one simulator per data dir', () => {
  it('of two `accp serve` started at once on one fresh data dir, one serves and the other is refused', async () => {
    const dataDir = join(dir, 'race');
    const start = () =>
      new Promise<{ code: number | null; out: string; err: string; child: ChildProcess }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/cli/main.ts', 'serve', '--port', '0', '--data-dir', dataDir], {
          env: { ...process.env, ACCP_LOG_LEVEL: 'warn', ACCP_ADMIN_TOKEN: 'cli-test-token' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.push(child);
        let out = '';
        let err = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (/admin token:.*\n/.test(out)) resolve({ code: null, out, err, child });
        });
        child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
        child.once('exit', (code) => resolve({ code, out, err, child }));
      });
    const both = await Promise.all([start(), start()]);
    const serving = both.filter((r) => r.code === null);
    const refused = both.filter((r) => r.code !== null);
    expect(serving).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.code).toBe(1);
    expect(refused[0]!.err).toContain(`another simulator (pid ${serving[0]!.child.pid}) is using ${dataDir}`);
    expect(refused[0]!.out).toBe('');
    serving[0]!.child.kill('SIGTERM');
    await new Promise((r) => serving[0]!.child.once('exit', r));
  }, 60_000);

  it('`accp merchant create` without a simulator is refused while another process holds the data dir', async () => {
    const dataDir = join(dir, 'held');
    mkdirSync(dataDir);
    const lock = lockDataDir(dataDir);
    try {
      const key = keyFile('m5.txt', 'b64');
      await expect(accp('merchant', 'create', '--oid-partner', '401000000000000005', '--name', 'x', '--public-key', key.file, '--data-dir', dataDir)).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(`another simulator (pid ${process.pid}) is using ${dataDir}`),
      });
      expect(existsSync(join(dataDir, 'state'))).toBe(false);
    } finally {
      lock.release();
    }
    // once it is free, the same command works
    const key = keyFile('m6.txt', 'b64');
    const { stdout } = await accp('merchant', 'create', '--oid-partner', '401000000000000006', '--name', 'x', '--public-key', key.file, '--data-dir', dataDir);
    expect(JSON.parse(stdout)).toMatchObject({ oid_partner: '401000000000000006' });
    expect(existsSync(join(dataDir, 'LOCK'))).toBe(false);
  }, 60_000);
});

