// The common ground of the transaction tests (payments, withdrawals, transfers, secured, refunds):
// one simulator per test file whose scheduler runs only when a test asks (/sandbox/jobs/run or a
// clock advance), so PROCESSING states can be seen; a notify receiver answering Success; and the
// whole-state helpers that prove a refusal changed nothing and that money adds up after every test.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { newPerson, userId } from '../../harness/testdata.js';
import { luhnCheckDigit } from '../world/identity.js';
import { applyOpening, startAckReceiver, startTestSimulator, verifyOpening, type OpeningInput, type TestSimulator } from './simulator.js';

export type Snapshot = { collections: Record<string, Record<string, Record<string, unknown>>> };
export type Answer = Record<string, unknown>;
export const PASSWORD = 'Wang2024';

export interface MoneyBed {
  /** The running simulator (valid inside tests: it starts in beforeAll). */
  readonly t: TestSimulator;
  /** Where the receiver listens; every opening and order notifies there. */
  readonly notifyUrl: string;
  oid(): string;
  /** A payment password encrypted with the platform key, as the password control would. */
  pw(password?: string): string;
  /** The whole state, once no notification is waiting for its (immediate) delivery. */
  state(): Promise<Snapshot>;
  /** The call answers `code` and the state is exactly as before. */
  refusedWithoutChange(call: () => Promise<Answer>, code: string): Promise<Answer>;
  /** A refusal the spec counts: the state changes by exactly these fields of one record. */
  countedChange(call: () => Promise<Answer>, code: string, collection: string, key: (s: Snapshot) => string, fields: Answer): Promise<void>;
  /** An account's balance and frozen part (fen): a user's, the merchant's (uid null) or a clearing account (`CLEARING:<channel>`). */
  acct(s: Snapshot, uid: string | null, type?: string): { balance: number; frozen: number };
  /** All accounts, clearing ones included, sum to zero. */
  expectBalanced(s: Snapshot): void;
  /** A person with an open account, a bound debit card and the payment password PASSWORD. */
  openPerson(): Promise<OpeningInput>;
  /** A bank transfer in (txn §3.8 through the sandbox) to a user's or the merchant's account. */
  topUp(uid: string | null, amount: string, acctType?: string): Promise<void>;
  /** openPerson with `amount` yuan available. */
  personWith(amount: string): Promise<OpeningInput>;
  /** A Luhn-valid credit card number of a BIN the simulator knows. */
  creditCardNo(): string;
  /** asyn-refund (txn §3.7.1) of `amount` from the USER `payee` of the buyer's order `seq`, all of it to the balance it was paid from. */
  refundToBalance(buyer: string, seq: string, total: string, payee: string, amount: string): Promise<Answer>;
}

export function useMoneyBed(): MoneyBed {
  let sim: TestSimulator | undefined;
  let receiver: Awaited<ReturnType<typeof startAckReceiver>> | undefined;
  let notifyUrl = '';
  beforeAll(async () => {
    sim = await startTestSimulator({ notifications: { timeoutMs: 2_000, tickMs: 3_600_000 }, clockworkTickMs: 3_600_000 });
    receiver = await startAckReceiver();
    notifyUrl = receiver.url;
  });
  afterAll(async () => {
    await sim?.dispose();
    await receiver?.close();
  });
  // Money is never made or lost: after every test, all accounts (clearing ones included) sum to zero.
  afterEach(async () => bed.expectBalanced(await bed.state()));

  const live = (): TestSimulator => {
    if (!sim) throw new Error('the simulator starts in beforeAll: use it inside tests');
    return sim;
  };
  // `t` is handed out before the simulator starts; it forwards to the running one.
  const t = new Proxy({} as TestSimulator, {
    get: (_target, key) => {
      const s = live();
      const v = Reflect.get(s, key) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(s) : v;
    },
  });

  const bed: MoneyBed = {
    t,
    get notifyUrl() {
      return notifyUrl;
    },
    oid: () => live().sim.demoOidPartner,
    pw: (password = PASSWORD) => live().client.encryptPassword(password),
    async state() {
      for (let i = 0; ; i++) {
        const snap = (await live().sandbox<Snapshot>('GET', '/sandbox/snapshot')).body;
        if (!Object.values(snap.collections.notifications ?? {}).some((n) => n.status === 'PENDING') || i > 100) return snap;
        await new Promise((res) => setTimeout(res, 20));
      }
    },
    async refusedWithoutChange(call, code) {
      const before = await bed.state();
      const answer = await call();
      expect(answer.ret_code).toBe(code);
      expect(await bed.state()).toEqual(before);
      return answer;
    },
    async countedChange(call, code, collection, key, fields) {
      const before = await bed.state();
      const answer = await call();
      expect(answer.ret_code).toBe(code);
      const after = await bed.state();
      const expected = structuredClone(before.collections);
      const k = key(before);
      expected[collection]![k] = { ...expected[collection]![k], ...fields };
      expect(after.collections).toEqual(expected);
    },
    acct(s, uid, type = '') {
      const oid = bed.oid();
      const [kind, owner] = uid === null ? ['MERCHANT', oid] : uid.startsWith('CLEARING:') ? ['CLEARING', uid.slice(9)] : ['USER', `${oid}/${uid}`];
      const a = Object.values(s.collections.accounts ?? {}).find((x) => x.owner_kind === kind && x.owner === owner && (kind === 'CLEARING' || x.acct_type === type));
      return a ? { balance: a.balance as number, frozen: a.frozen as number } : { balance: 0, frozen: 0 };
    },
    expectBalanced(s) {
      expect(Object.values(s.collections.accounts ?? {}).reduce((sum, a) => sum + (a.balance as number), 0)).toBe(0);
    },
    async openPerson() {
      const p: OpeningInput = { userId: userId(), ...newPerson(), notifyUrl };
      const applied = await applyOpening(live().client, p);
      expect((await verifyOpening(live(), p, applied, PASSWORD)).ret_code).toBe('0000');
      return p;
    },
    async topUp(uid, amount, acctType) {
      const r = await live().sandbox('POST', '/sandbox/offline-topup', { oid_partner: bed.oid(), ...(uid ? { user_id: uid } : {}), ...(acctType ? { acct_type: acctType } : {}), amount });
      expect(r.status).toBe(200);
    },
    async personWith(amount) {
      const p = await bed.openPerson();
      await bed.topUp(p.userId, amount);
      return p;
    },
    creditCardNo() {
      const partial = '625330' + String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
      return partial + luhnCheckDigit(partial);
    },
    refundToBalance(buyer, seq, total, payee, amount) {
      const t = live();
      return t.client.call('txn/asyn-refund', {
        user_id: buyer,
        originalOrderInfo: { txn_seqno: seq, total_amount: total },
        refundOrderInfo: { refund_seqno: t.client.newSeqno('RF'), refund_time: t.client.timestamp(), payee_id: payee, payee_type: 'USER', refund_amount: amount },
        refundMethods: [{ method: 'BALANCE', amount }],
      });
    },
  };
  return bed;
}
