// The ACCP target's plumbing, with the simulator standing in for LianLian's sandbox: the config
// file, real-person data from it, SMS codes from ACCP_SMS_CODE, @simulator-only left out, the
// JUnit report written.
import { execFile } from 'node:child_process';
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

function harness(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', 'harness/cli.ts', ...args], { env: { ...process.env, ...env }, maxBuffer: 10 * 1024 * 1024 });
}

describe('accp-harness --target accp', () => {
  it('runs the scenarios it can against the configured environment and reports them in JUnit', async () => {
    const config = join(dir, 'accp.json');
    writeFileSync(
      config,
      JSON.stringify({
        base_url: t.sim.url,
        oid_partner: t.sim.demoOidPartner,
        merchant_private_key_file: t.sim.keyFiles.demoMerchantPrivateKey,
        platform_public_key_file: t.sim.keyFiles.platformPublicKeyB64,
        notify_listen: { host: '127.0.0.1', port: 0 },
        notify_wait_seconds: 1,
        persons: [newPerson(), newPerson()],
      }),
    );
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
    const config = join(dir, 'cards.json');
    const [debit, credit] = [spareCard('DEBIT'), spareCard('CREDIT')];
    const person = newPerson();
    writeFileSync(
      config,
      JSON.stringify({
        base_url: t.sim.url,
        oid_partner: t.sim.demoOidPartner,
        merchant_private_key_file: t.sim.keyFiles.demoMerchantPrivateKey,
        platform_public_key_file: t.sim.keyFiles.platformPublicKeyB64,
        persons: [{ ...person, extra_cards: [credit, debit] }],
        spare_phones: ['13900000001'],
      }),
    );
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
