// npm run bench: throughput and latency of the simulator, each printed beside the limit it is
// bound by, measured in the same run on the same machine:
//   - RSA MD5withRSA sign and verify per second (every answer is signed once, every request verified)
//   - a bare express handler (requests per second of the HTTP stack alone)
//   - signed ACCP requests to the simulator: a read (query-userinfo) and a write
//     (openacct-apply-individual: bank check, SMS, journal commit)
// Servers run in child processes; this process generates the load (32 concurrent clients).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createPrivateKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { newPerson, userId } from '../../harness/testdata.js';
import { encryptPassword } from '../protocol/password-crypto.js';
import { BENCH_PASSWORD, buildFixture } from './fixtures.js';
import { formatStamp } from '../world/clock.js';

const here = dirname(fileURLToPath(import.meta.url));
const CONCURRENCY = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

function rsaRates(bits: 1024 | 2048): { sign: number; verify: number } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const digest = Buffer.from(createHash('md5').update('{"ret_code":"0000"}').digest('hex'));
  const sig = sign('md5', digest, privateKey);
  const rate = (fn: () => void) => {
    const end = performance.now() + 1000;
    let n = 0;
    while (performance.now() < end) {
      fn();
      n++;
    }
    return n;
  };
  return { sign: rate(() => sign('md5', digest, privateKey)), verify: rate(() => verify('md5', digest, publicKey, sig)) };
}

function start(args: string[]): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ACCP_LOG_LEVEL: 'warn', ACCP_ADMIN_TOKEN: 'bench' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /url:\s+(\S+)/.exec(out);
      if (m && (out.includes('admin token:') || !args.includes('serve'))) resolve({ child, url: m[1]!, out: () => out });
    });
  });
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

type Req = { path: string; body: string; headers: Record<string, string> };

/** Runs CONCURRENCY loops for SECONDS; each iteration is `step`, which makes one or more requests. */
async function loadSteps(url: string, step: (send: (r: Req) => Promise<string>) => Promise<boolean>): Promise<Load> {
  const pool = new Pool(url, { connections: CONCURRENCY, pipelining: 1 });
  const send = async (r: Req) => {
    const res = await pool.request({ method: 'POST', path: r.path, body: r.body, headers: r.headers });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    return text;
  };
  const latencies: number[] = [];
  let errors = 0;
  const run = async (until: number, record: boolean) => {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          const t0 = performance.now();
          const ok = await step(send).catch(() => false);
          if (record) {
            latencies.push(performance.now() - t0);
            if (!ok) errors++;
          }
        }
      }),
    );
  };
  await run(performance.now() + 500, false);
  const t0 = performance.now();
  await run(t0 + SECONDS * 1000, true);
  const elapsed = (performance.now() - t0) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0, errors };
}

/** One request per iteration: `next()` gives it. */
function load(url: string, next: () => Req, ok: (body: string) => boolean): Promise<Load> {
  return loadSteps(url, async (send) => ok(await send(next())));
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(1)} ms`;
const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;

async function main() {
  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model ?? '?'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`);
  console.log(`load: ${CONCURRENCY} concurrent clients, ${SECONDS} s per figure, servers in child processes\n`);

  const rsa2048 = rsaRates(2048);
  const rsa1024 = rsaRates(1024);
  console.log('RSA MD5withRSA (one core)          sign/s      verify/s');
  console.log(`  2048-bit (platform key)      ${f0(rsa2048.sign).padStart(10)}  ${f0(rsa2048.verify).padStart(12)}`);
  console.log(`  1024-bit                     ${f0(rsa1024.sign).padStart(10)}  ${f0(rsa1024.verify).padStart(12)}\n`);

  const bare = await start([join(here, 'bare-server.js')]);
  const bareLoad = await load(bare.url, () => ({ path: '/v1/acctmgr/query-userinfo', body: '{"oid_partner":"1"}', headers: { 'content-type': 'application/json' } }), () => true);
  bare.child.kill();

  const dir = mkdtempSync(join(tmpdir(), 'accp-bench-'));
  const sim = await start([join(here, '..', 'cli', 'main.js'), 'serve', '--port', '0', '--data-dir', dir]);
  const oid = /demo oid_partner:\s+(\S+)/.exec(sim.out())![1]!;
  const key = createPrivateKey(readFileSync(join(dir, 'keys', 'demo_merchant_private_key.pem'), 'utf8'));
  const signed = (path: string, fields: Record<string, unknown>) => {
    const body = JSON.stringify({ timestamp: formatStamp(Date.now()), oid_partner: oid, ...fields });
    const sig = sign('md5', Buffer.from(createHash('md5').update(body).digest('hex')), key).toString('base64');
    return { path, body, headers: { 'content-type': 'application/json;charset=utf-8', 'signature-type': 'RSA', 'signature-data': sig } };
  };

  // A read: the same signed request again and again (its cost is the server's alone).
  const query = signed('/v1/acctmgr/query-userinfo', { user_id: 'bench-nobody' });
  const readLoad = await load(sim.url, () => query, (b) => b.includes('"ret_code":"2003"'));

  // A write: every request a new person, signed before the clock starts.
  const bodies = Array.from({ length: 40_000 }, () => {
    const p = newPerson();
    return signed('/v1/acctmgr/openacct-apply-individual', {
      user_id: userId(),
      txn_seqno: `B${userId()}`,
      txn_time: formatStamp(Date.now()),
      notify_url: 'http://127.0.0.1:9/n',
      basicInfo: { reg_phone: p.phone, user_name: p.name, id_type: 'ID_CARD', id_no: p.idNo, id_exp: '99991231', occupation: '10' },
      linkedAcctInfo: { linked_acctno: p.cardNo, linked_phone: p.cardPhone },
    });
  });
  let i = 0;
  const writeLoad = await load(sim.url, () => bodies[i++ % bodies.length]!, (b) => b.includes('"ret_code":"0000"') || b.includes('"ret_code":"1021"') || b.includes('"ret_code":"1010"'));
  sim.child.kill('SIGTERM');
  await new Promise((r) => sim.child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });

  // What one signed request must cost at least: one verify, one sign, the HTTP stack.
  const bound = 1 / (1 / rsa2048.sign + 1 / rsa2048.verify + 1 / bareLoad.rps);
  const row = (name: string, l: Load, limit: string) => console.log(`  ${name.padEnd(38)} ${f0(l.rps).padStart(7)}/s  p50 ${ms(l.p50).padStart(8)}  p99 ${ms(l.p99).padStart(8)}  ${l.errors ? `errors ${l.errors}  ` : ''}${limit}`);
  // Balance payments: tradecreate + payment-balance, each a pair of signed requests, against an
  // empty state and against one that already holds 100,000 paid orders.
  const payments: { label: string; load: Load }[] = [];
  for (const history of [0, Number(process.env.BENCH_HISTORY ?? 100_000)]) {
    const pdir = mkdtempSync(join(tmpdir(), 'accp-bench-pay-'));
    const t0 = performance.now();
    const fx = await buildFixture(pdir, { payers: CONCURRENCY, history });
    const built = (performance.now() - t0) / 1000;
    const psim = await start([join(here, '..', 'cli', 'main.js'), 'serve', '--port', '0', '--data-dir', pdir]);
    const pkey = createPrivateKey(readFileSync(join(pdir, 'keys', 'demo_merchant_private_key.pem'), 'utf8'));
    const platformPem = readFileSync(join(pdir, 'keys', 'platform_public_key.pem'), 'utf8');
    const psigned = (path: string, fields: Record<string, unknown>): Req => {
      const body = JSON.stringify({ timestamp: formatStamp(Date.now()), oid_partner: oid, ...fields });
      const sig = sign('md5', Buffer.from(createHash('md5').update(body).digest('hex')), pkey).toString('base64');
      return { path, body, headers: { 'content-type': 'application/json;charset=utf-8', 'signature-type': 'RSA', 'signature-data': sig } };
    };
    // every pair signed before the clock starts: the figure is the server's work
    const pairs: [Req, Req][] = Array.from({ length: 20_000 }, (_, i) => {
      const payer = fx.payers[i % fx.payers.length]!;
      const seq = `BP${history}-${i}`;
      return [
        psigned('/v1/txn/tradecreate', { txn_type: 'GENERAL_CONSUME', user_id: payer, orderInfo: { txn_seqno: seq, txn_time: formatStamp(Date.now()), total_amount: '1.00' }, payeeInfo: [{ payee_id: fx.payees[i % fx.payees.length], payee_type: 'USER', payee_amount: '1.00' }] }),
        psigned('/v1/txn/payment-balance', { txn_seqno: seq, total_amount: '1.00', payerInfo: { user_id: payer, password: encryptPassword(BENCH_PASSWORD, platformPem) } }),
      ];
    });
    let k = 0;
    const paid = await loadSteps(psim.url, async (send) => {
      const [create, pay] = pairs[k++ % pairs.length]!;
      const a = await send(create);
      if (!a.includes('"ret_code":"0000"')) return false;
      return (await send(pay)).includes('"ret_code":"0000"');
    });
    psim.child.kill('SIGTERM');
    await new Promise((r) => psim.child.once('exit', r));
    rmSync(pdir, { recursive: true, force: true });
    payments.push({ label: history ? `balance payment, ${history.toLocaleString('en-US')} orders held` : 'balance payment, empty state', load: paid });
    if (history > 0) console.log(`(fixture of ${history.toLocaleString('en-US')} paid orders built in ${built.toFixed(0)} s)\n`);
  }

  console.log('HTTP, 32 concurrent clients');
  row('bare express handler (the HTTP limit)', bareLoad, '');
  console.log(`  ${'bound for a signed request'.padEnd(38)} ${f0(bound).padStart(7)}/s  (1 / (1/sign + 1/verify + 1/bare express))`);
  row('query-userinfo, signed (read)', readLoad, `= ${pct(readLoad.rps, bound)} of the bound, ${pct(readLoad.rps, bareLoad.rps)} of bare express`);
  row('openacct-apply-individual (write)', writeLoad, `= ${pct(writeLoad.rps, bound)} of the bound, ${pct(writeLoad.rps, bareLoad.rps)} of bare express`);
  // a payment is two signed requests and one password decryption (an RSA private operation, as costly as a signature)
  const payBound = 1 / (3 / rsa2048.sign + 2 / rsa2048.verify + 2 / bareLoad.rps);
  console.log(`\n  ${'bound for a payment (2 requests)'.padEnd(38)} ${f0(payBound).padStart(7)}/s  (1 / (3/sign + 2/verify + 2/bare express))`);
  for (const p of payments) row(p.label, p.load, `= ${pct(p.load.rps, payBound)} of the bound`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
