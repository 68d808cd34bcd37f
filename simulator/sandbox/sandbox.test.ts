// The sandbox desk's contract (tests, the harness and QA tools depend on these shapes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPerson, userId } from '../../harness/testdata.js';
import { applyOpening, startTestSimulator, verifyOpening, type TestSimulator } from '../testkit/simulator.js';

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
