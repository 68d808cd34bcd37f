import { describe, expect, it } from 'vitest';
import type { Cardholder } from '../domain/model.js';
import type { View } from '../domain/state.js';
import { identifyCard, testFailureOf, verifyFourElements, type FourElements } from './banks.js';
import { BANKS, BINS, bankOf, lookupBin } from './bins.js';
import { passesLuhn } from './identity.js';
import { TEST_CARDS, TEST_PHONES, testCardNo } from './test-values.js';

/** A view of the state that knows no cardholder at all. */
const emptyView = { get: () => undefined } as unknown as View;

/** A view that knows one cardholder. */
function viewWith(holder: Cardholder): View {
  return {
    get: (coll: string, key: string) => (coll === 'cardholders' && key === holder.card_no ? holder : undefined),
  } as unknown as View;
}

const ICBC_CARD = '6222020000004321006'; // Luhn-valid, BIN 622202 (ICBC debit), not a test card
const CCB_CARD = '6217001234567890122'; // Luhn-valid, BIN 621700 (CCB debit)
const ICBC_CREDIT = '6253300000000000014'; // Luhn-valid, BIN 625330 (ICBC credit)

const holder: Cardholder = { card_no: ICBC_CARD, name: '张三', id_no: '11010519491231002X', phone: '13800138000' };
const same = (card_no = ICBC_CARD): FourElements => ({ name: holder.name, id_no: holder.id_no, card_no, phone: holder.phone });

describe('test-values: the sandbox test cards', () => {
  it('carry their code in a Luhn-valid ICBC debit number', () => {
    expect(TEST_CARDS.map((c) => c.code)).toEqual(['1023', '1024', '1025', '1028', '3007', '9001']);
    for (const c of TEST_CARDS) {
      expect(c.card_no).toHaveLength(19);
      expect(c.card_no).toMatch(new RegExp(`^622202000000${c.code}00\\d$`));
      expect(c.card_no).toBe(testCardNo(c.code));
      expect(passesLuhn(c.card_no), c.card_no).toBe(true);
      const bin = lookupBin(c.card_no);
      expect(bin).toBeDefined();
      expect(BINS).toContain(bin);
      expect(bin?.bank_code).toBe('01020000');
    }
    expect(testCardNo('1023')).toBe('6222020000001023001'); // Luhn sum of the first 18 digits is 29
  });

  it('are all different and known by number', () => {
    expect(new Set(TEST_CARDS.map((c) => c.card_no)).size).toBe(TEST_CARDS.length);
    for (const c of TEST_CARDS) expect(testFailureOf(c.card_no)).toBe(c.failure);
    expect(testFailureOf(ICBC_CARD)).toBeUndefined();
  });

  it('lists the SMS test phone', () => {
    expect(TEST_PHONES).toEqual([expect.objectContaining({ phone: '13800001020', ret_code: '1020' })]);
  });
});

describe('bins: the BIN table', () => {
  it('names a known bank for every BIN, and holds each BIN once', () => {
    for (const b of BINS) {
      expect(b.bin).toMatch(/^\d{6}$/);
      expect(BANKS.map((x) => x.bank_code)).toContain(b.bank_code);
      expect(['DEBIT', 'CREDIT']).toContain(b.card_type);
    }
    expect(new Set(BINS.map((b) => b.bin)).size).toBe(BINS.length);
  });

  it('looks a card up by its leading digits', () => {
    expect(lookupBin(CCB_CARD)).toEqual({ bin: '621700', bank_code: '01050000', card_type: 'DEBIT' });
    expect(lookupBin(ICBC_CREDIT)).toEqual({ bin: '625330', bank_code: '01020000', card_type: 'CREDIT' });
    expect(lookupBin('4111111111111111')).toBeUndefined();
    expect(lookupBin('62220')).toBeUndefined();
    expect(bankOf('01020000')?.name).toBe('中国工商银行');
    expect(bankOf('01050000')?.cnaps_prefix).toBe('105');
    expect(bankOf('99999999')).toBeUndefined();
  });
});

describe('banks: identifyCard', () => {
  it('identifies the bank and card type of a Luhn-valid card with a known BIN', () => {
    expect(identifyCard(ICBC_CARD)).toEqual({ ok: true, bank_code: '01020000', card_type: 'DEBIT' });
    expect(identifyCard(CCB_CARD)).toEqual({ ok: true, bank_code: '01050000', card_type: 'DEBIT' });
    expect(identifyCard(ICBC_CREDIT)).toEqual({ ok: true, bank_code: '01020000', card_type: 'CREDIT' });
  });

  it('refuses a Luhn failure with 1024', () => {
    const bad = ICBC_CARD.slice(0, -1) + '7';
    expect(passesLuhn(bad)).toBe(false);
    expect(identifyCard(bad)).toMatchObject({ ok: false, ret_code: '1024' });
    expect(identifyCard('6222 0200 0000 4321 006')).toMatchObject({ ok: false, ret_code: '1024' });
    expect(identifyCard('')).toMatchObject({ ok: false, ret_code: '1024' });
  });

  it('refuses a Luhn-valid card of an unknown BIN with 1029', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(identifyCard('4111111111111111')).toMatchObject({ ok: false, ret_code: '1029' });
  });
});

describe('banks: verifyFourElements', () => {
  it.each(TEST_CARDS.map((c) => [c.code, c] as const))('test card %s answers as the table says', (_code, card) => {
    const r = verifyFourElements(emptyView, same(card.card_no));
    if (card.failure === '3007') {
      // "the card has too little money for a payment (verification passes)"
      expect(r).toEqual({ ok: true, bank_code: '01020000', card_type: 'DEBIT' });
    } else {
      expect(r).toMatchObject({ ok: false, ret_code: card.ret_code });
    }
  });

  it('the test-card failure wins even when the holder is known and matches', () => {
    const card = TEST_CARDS.find((c) => c.code === '1025')!;
    const r = verifyFourElements(viewWith({ ...holder, card_no: card.card_no }), same(card.card_no));
    expect(r).toMatchObject({ ok: false, ret_code: '1025' });
  });

  it('checks the card number itself first', () => {
    expect(verifyFourElements(emptyView, same('4111111111111111'))).toMatchObject({ ok: false, ret_code: '1029' });
    expect(verifyFourElements(emptyView, same(ICBC_CARD.slice(0, -1) + '0'))).toMatchObject({ ok: false, ret_code: '1024' });
  });

  it('passes any holder of a card the bank does not know yet', () => {
    expect(verifyFourElements(emptyView, same())).toEqual({ ok: true, bank_code: '01020000', card_type: 'DEBIT' });
    expect(verifyFourElements(emptyView, same(CCB_CARD))).toEqual({ ok: true, bank_code: '01050000', card_type: 'DEBIT' });
  });

  it('checks a known holder: id number 1024, name 1023, phone 1028, all equal ok', () => {
    const view = viewWith(holder);
    expect(verifyFourElements(view, { ...same(), id_no: '110105194912310011' })).toMatchObject({ ok: false, ret_code: '1024' });
    expect(verifyFourElements(view, { ...same(), name: '李四' })).toMatchObject({ ok: false, ret_code: '1023' });
    expect(verifyFourElements(view, { ...same(), phone: '13900139000' })).toMatchObject({ ok: false, ret_code: '1028' });
    // several differences: the id number is checked first, then the name
    expect(verifyFourElements(view, { ...same(), id_no: 'x', name: 'y', phone: 'z' })).toMatchObject({ ok: false, ret_code: '1024' });
    expect(verifyFourElements(view, { ...same(), name: 'y', phone: 'z' })).toMatchObject({ ok: false, ret_code: '1023' });
    expect(verifyFourElements(view, same())).toEqual({ ok: true, bank_code: '01020000', card_type: 'DEBIT' });
  });

  it('gives the bank code of the BIN for a known holder of another bank', () => {
    const view = viewWith({ ...holder, card_no: CCB_CARD });
    expect(verifyFourElements(view, same(CCB_CARD))).toEqual({ ok: true, bank_code: '01050000', card_type: 'DEBIT' });
    expect(verifyFourElements(view, { ...same(CCB_CARD), phone: '13900139000' })).toMatchObject({ ok: false, ret_code: '1028' });
  });
});
