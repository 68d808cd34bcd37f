// The sandbox desk's contract (tests, the harness and QA tools depend on these shapes).
import { generateKeyPairSync } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPerson, userId } from '../../harness/testdata.js';
import { applyOpening, startTestSimulator, TEST_ADMIN_TOKEN, verifyOpening, type TestSimulator } from '../testkit/simulator.js';

let t: TestSimulator;
beforeAll(async () => {
  t = await startTestSimulator();
});
afterAll(async () => {
  await t.dispose();
});

describe('sandbox', () => {
  it('shows a phone’s SMS newest first, in the documented shape', async () => {
    const p = { userId: userId(), ...newPerson() };
    await t.client.call('acctmgr/regphone-verifycode-apply', { user_id: p.userId, reg_phone: p.phone });
    await applyOpening(t.client, { ...p, cardPhone: p.phone });
    const { status, body } = await t.sandbox<{ messages: { phone: string; code: string; purpose: string; sent_at: string }[] }>('GET', `/sandbox/sms?phone=${p.phone}`);
    expect(status).toBe(200);
    expect(body.messages.map((m) => m.purpose)).toEqual(['OPEN_ACCOUNT', 'REG_PHONE']);
    for (const m of body.messages) {
      expect(m.phone).toBe(p.phone);
      expect(m.code).toMatch(/^\d{6}$/);
      expect(m.sent_at).toMatch(/^\d{14}$/);
    }
    expect((await t.sandbox('GET', '/sandbox/sms?phone=abc')).status).toBe(400);
  });

  it('reads and moves the clock forward only', async () => {
    const before = (await t.sandbox<{ now: string }>('GET', '/sandbox/clock')).body.now;
    const moved = await t.sandbox<{ now: string }>('POST', '/sandbox/clock', { advance_seconds: 86_400 });
    expect(moved.status).toBe(200);
    expect(moved.body.now.slice(0, 8) > before.slice(0, 8)).toBe(true);
    expect((await t.sandbox('POST', '/sandbox/clock', { advance_seconds: -5 })).status).toBe(400);
    expect((await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 1.5 })).status).toBe(400);
  });

  it('gives the platform key in LianLian’s published form', async () => {
    const { body } = await t.sandbox<{ public_key: string }>('GET', '/sandbox/platform-key');
    expect(body.public_key).toBe(t.sim.ctx.keys.publicKeyB64);
    expect(body.public_key).toMatch(/^MI[A-Za-z0-9+/=]+$/);
  });

  it('saves and restores the whole state, clock included', async () => {
    const saved = (await t.sandbox('GET', '/sandbox/snapshot')).body;
    const clockThen = (await t.sandbox<{ now: string }>('GET', '/sandbox/clock')).body.now;
    const p = { userId: userId(), ...newPerson() };
    await verifyOpening(t, p, await applyOpening(t.client, p));
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 7 * 86_400 });
    expect((await t.client.call('acctmgr/query-userinfo', { user_id: p.userId })).ret_code).toBe('0000');
    const restored = await t.sandbox('POST', '/sandbox/snapshot', saved);
    expect(restored.status).toBe(200);
    expect((await t.client.call('acctmgr/query-userinfo', { user_id: p.userId })).ret_code).toBe('2003');
    const clockNow = (await t.sandbox<{ now: string }>('GET', '/sandbox/clock')).body.now;
    expect(clockNow.slice(0, 8)).toBe(clockThen.slice(0, 8));
    expect((await t.sandbox('POST', '/sandbox/snapshot', { format: 'something else' })).status).toBe(400);
  });

  it('resets to a first start: merchants stay with empty accounts, users and the clock go', async () => {
    const p = { userId: userId(), ...newPerson() };
    await verifyOpening(t, p, await applyOpening(t.client, p));
    await t.sandbox('POST', '/sandbox/clock', { advance_seconds: 3600 });
    const reset = await t.sandbox('POST', '/sandbox/reset');
    expect(reset.status).toBe(200);
    expect((await t.client.call('acctmgr/query-userinfo', { user_id: p.userId })).ret_code).toBe('2003');
    const m = await t.client.call('acctmgr/query-acctinfo', { user_type: 'INNERMERCHANT' });
    expect(m.ret_code).toBe('0000');
    expect((m.acctinfo_list as { amt_balcur: string }[]).every((a) => a.amt_balcur === '0.00')).toBe(true);
    const now = (await t.sandbox<{ now: string }>('GET', '/sandbox/clock')).body.now;
    const real = new Date(Date.now() + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 12);
    expect(now.slice(0, 12) <= real).toBe(true);
    // a merchant with a key that is no key is refused
    expect((await t.sandbox('POST', '/sandbox/merchants', { oid_partner: '12', name: 'x', public_key: 'nope' })).status).toBe(400);
  });
});

describe('sandbox merchants', () => {
  const snapshot = async () => (await t.sandbox('GET', '/sandbox/snapshot')).body as { collections: { merchants: Record<string, { public_key: string }> } };
  const patch = async (oid: string, body: unknown) => {
    const res = await request(new URL(`/sandbox/merchants/${oid}`, t.sim.url), { method: 'PATCH', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.statusCode, body: (await res.body.json()) as { error?: string } };
  };
  const pair = () => generateKeyPairSync('rsa', { modulusLength: 1024 });
  const privateForms = (k: ReturnType<typeof pair>['privateKey']) => [
    k.export({ type: 'pkcs8', format: 'pem' }) as string,
    k.export({ type: 'pkcs1', format: 'pem' }) as string,
    k.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    k.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
  ];

  it('stores the public key in LianLian’s form (base64 DER SPKI), whatever form it was given in', async () => {
    const { publicKey } = pair();
    const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const created = await t.sandbox('POST', '/sandbox/merchants', { oid_partner: '300000000000000101', name: 'PEM 商户', public_key: publicKey.export({ type: 'pkcs1', format: 'pem' }) });
    expect(created.status).toBe(201);
    expect((await snapshot()).collections.merchants['300000000000000101']!.public_key).toBe(spki);
    const other = pair().publicKey;
    expect((await patch('300000000000000101', { public_key: other.export({ type: 'spki', format: 'pem' }) })).status).toBe(200);
    expect((await snapshot()).collections.merchants['300000000000000101']!.public_key).toBe(other.export({ type: 'spki', format: 'der' }).toString('base64'));
  });

  it('refuses a private key given as the public key (400), and keeps nothing of it', async () => {
    const { privateKey, publicKey } = pair();
    await t.sandbox('POST', '/sandbox/merchants', { oid_partner: '300000000000000102', name: '商户', public_key: publicKey.export({ type: 'spki', format: 'pem' }) });
    // today's settlement done first, so the scheduler's next tick has nothing to change between the snapshots
    await t.sandbox('POST', '/sandbox/jobs/run', {});
    const before = await snapshot();
    for (const text of privateForms(privateKey)) {
      const created = await t.sandbox<{ error: string }>('POST', '/sandbox/merchants', { oid_partner: '300000000000000103', name: '私钥商户', public_key: text });
      expect(created.status).toBe(400);
      expect(created.body.error).toContain('private key');
      const patched = await patch('300000000000000102', { public_key: text });
      expect(patched.status).toBe(400);
      expect(patched.body.error).toContain('private key');
    }
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toContain('PRIVATE');
  });
});
