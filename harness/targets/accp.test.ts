// The ACCP target's plumbing, with the simulator standing in for LianLian's sandbox: the config
// file, real-person data from it, SMS codes from ACCP_SMS_CODE, @simulator-only left out, the
// JUnit report written.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from '../../simulator/testkit/simulator.js';
import { newPerson, spareCard } from '../testdata.js';
import { AccpTarget } from './accp.js';

const run = promisify(execFile);
let t: TestSimulator;
let dir: string;

beforeAll(async () => {
  t = await startTestSimulator();
  dir = mkdtempSync(join(tmpdir(), 'accp-target-'));
});
afterAll(async () => {
  await t.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** An accp target config for the test simulator and its demo merchant, with `extra`, written as `name`; its path. */
function configFile(name: string, extra: Record<string, unknown>): string {
  const path = join(dir, name);
  const base = { base_url: t.sim.url, oid_partner: t.sim.demoOidPartner, merchant_private_key_file: t.sim.keyFiles.demoMerchantPrivateKey, platform_public_key_file: t.sim.keyFiles.platformPublicKeyB64 };
  writeFileSync(path, JSON.stringify({ ...base, ...extra }));
  return path;
}

function harness(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', 'harness/cli.ts', ...args], { env: { ...process.env, ...env }, maxBuffer: 10 * 1024 * 1024 });
}

describe('accp-harness --target accp', () => {
  it('runs the scenarios it can against the configured environment and reports them in JUnit', async () => {
    const config = configFile('accp.json', { notify_listen: { host: '127.0.0.1', port: 0 }, notify_wait_seconds: 1, persons: [newPerson(), newPerson()] });
    const reports = join(dir, 'reports');
    const { stdout } = await harness(['--target', 'accp', '--config', config, '--name', '身份证号校验位错误', '--report-dir', reports, 'features/标准开户.feature'], { ACCP_SMS_CODE: '000000' });
    expect(stdout).toContain('1 scenario (1 passed)');
    const junit = readFileSync(join(reports, 'junit.xml'), 'utf8');
    expect(junit).toContain('身份证号校验位错误');
    expect(junit).toMatch(/failures="0"/);
    // @simulator-only scenarios are not run against ACCP
    const all = await harness(['--target', 'accp', '--config', config, '--tags', '@simulator-only', '--report-dir', reports, 'features/标准开户.feature']);
    expect(all.stdout).toContain('0 scenarios');
  }, 60_000);

  it('explains a config that lacks what it needs', async () => {
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ base_url: t.sim.url }));
    await expect(harness(['--target', 'accp', '--config', config, '--report-dir', join(dir, 'r2'), 'features/标准开户.feature'])).rejects.toMatchObject({ stderr: expect.stringContaining('"oid_partner" is required') });
  }, 60_000);
});

describe('the ACCP target config', () => {
  it("hands out each person's extra cards by type and the spare phones, once each, and says when they run out", async () => {
    const [debit, credit] = [spareCard('DEBIT'), spareCard('CREDIT')];
    const person = newPerson();
    const config = configFile('cards.json', { persons: [{ ...person, extra_cards: [credit, debit] }], spare_phones: ['13900000001'] });
    const target = new AccpTarget(config);
    const given = await target.newPerson();
    expect(given).toEqual(person); // the extra cards stay with the target
    expect(await target.newCard(given, 'DEBIT')).toEqual(debit);
    expect(await target.newCard(given, 'CREDIT')).toEqual(credit);
    await expect(target.newCard(given, 'DEBIT')).rejects.toThrow(/no more "extra_cards" of type DEBIT/);
    expect(await target.newPhone()).toBe('13900000001');
    await expect(target.newPhone()).rejects.toThrow(/no more "spare_phones"/);
  });
});

// SMS codes typed at the terminal: `script` (util-linux) gives the child a pseudo-terminal whose
// input this test types into. Six codes in a row: a stream left reading /dev/tty after each
// question would have taken the thread pool's four threads, and the fifth would never come.
const hasScript = spawnSync('script', ['--version']).status === 0;
describe('SMS codes typed at the terminal', () => {
  it.runIf(hasScript)('asks for each code on the terminal, as many times as the run needs', async () => {
    const config = join(dir, 'tty.json');
    writeFileSync(config, JSON.stringify({ base_url: 'http://127.0.0.1:9', oid_partner: '201707041000000000', merchant_private_key_file: t.sim.keyFiles.demoMerchantPrivateKey, platform_public_key: 'unused' }));
    const program = `import { AccpTarget } from ${JSON.stringify(join(process.cwd(), 'harness/targets/accp.ts'))}; const t = new AccpTarget(${JSON.stringify(config)}); for (let i = 0; i < 6; i++) console.log('GOT', await t.smsCode('13912345678'));`;
    const command = `${process.execPath} --import tsx --input-type=module -e ${JSON.stringify(program)}`;
    const env = { ...process.env };
    delete env.ACCP_SMS_CODE;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let asked = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const prompts = out.split('SMS code sent to 139****5678: ').length - 1;
      for (; asked < prompts; asked++) child.stdin.write(`${100000 + asked}\n`);
    });
    const code = await new Promise<number | null>((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        done(c);
      });
    });
    expect(out.match(/GOT \d+/g)).toEqual(['GOT 100000', 'GOT 100001', 'GOT 100002', 'GOT 100003', 'GOT 100004', 'GOT 100005']);
    expect(code).toBe(0);
  }, 60_000);
});
