// The simulated banks' side of a card check: Luhn, the BIN table, the sandbox test cards and
// the four-element check (name, ID number, card number, reserved phone).
//
// The bank has no customer list of its own: the first successful check of a card teaches it
// the card's holder (recorded in the state, see `learnCardholder`), and every later check of
// that card must name the same holder. So a card stays with one person, as it does in life.
import type { CardType, Cardholder } from '../domain/model.js';
import type { Tx, View } from '../domain/state.js';
import { passesLuhn } from './identity.js';
import { bankOf, lookupBin } from './bins.js';
import { TEST_CARDS, type BankFailure } from './test-values.js';

export interface FourElements {
  name: string;
  id_no: string;
  card_no: string;
  phone: string;
}

export type CardCheck =
  | { ok: true; bank_code: string; card_type: CardType }
  | { ok: false; ret_code: string; why: string };

const failureByCard = new Map(TEST_CARDS.map((c) => [c.card_no, c] as const));

export function testFailureOf(cardNo: string): BankFailure | undefined {
  return failureByCard.get(cardNo)?.failure;
}

/** Card number alone: well-formed, and a bank the simulator knows. */
export function identifyCard(cardNo: string): CardCheck {
  if (!passesLuhn(cardNo)) return { ok: false, ret_code: '1024', why: 'card number fails the Luhn check' };
  const bin = lookupBin(cardNo);
  if (!bin) return { ok: false, ret_code: '1029', why: 'no bank in the BIN table issues this card' };
  return { ok: true, bank_code: bin.bank_code, card_type: bin.card_type };
}

/** The four-element check a bank makes when a card is bound (openacct, bindcard). */
export function verifyFourElements(view: View, el: FourElements): CardCheck {
  const card = identifyCard(el.card_no);
  if (!card.ok) return card;
  const failure = testFailureOf(el.card_no);
  switch (failure) {
    case '1023':
      return { ok: false, ret_code: '1023', why: 'test card: holder details wrong' };
    case '1024':
      return { ok: false, ret_code: '1024', why: 'test card: card is not the ID holder\'s' };
    case '1025':
      return { ok: false, ret_code: '1025', why: 'test card: card status abnormal' };
    case '1028':
      return { ok: false, ret_code: '1028', why: 'test card: reserved phone wrong' };
    case 'TIMEOUT':
      return { ok: false, ret_code: '3203', why: 'test card: the bank did not answer in time' };
    default:
      break;
  }
  const known = view.get('cardholders', el.card_no);
  if (known) {
    if (known.id_no !== el.id_no) return { ok: false, ret_code: '1024', why: 'card belongs to another ID number' };
    if (known.name !== el.name) return { ok: false, ret_code: '1023', why: 'name differs from the card holder\'s' };
    if (known.phone !== el.phone) return { ok: false, ret_code: '1028', why: 'reserved phone differs from the bank record' };
  }
  return card;
}

/** Once a card is bound, the bank knows its holder. */
export function learnCardholder(tx: Tx, el: FourElements): void {
  if (tx.get('cardholders', el.card_no)) return;
  const holder: Cardholder = { card_no: el.card_no, name: el.name, id_no: el.id_no, phone: el.phone };
  tx.put('cardholders', el.card_no, holder);
}

/**
 * A corporate account's bank and branch, as an enterprise gives them (acctmgr §3.4.1, §3.6.1):
 * the bank must be one the simulator knows (1029) and the branch's CNAPS number must be twelve
 * digits of that bank (its first three digits are the bank's; 1005 naming the field).
 */
export function checkCorporateAccount(bankCode: string, brbankno: string, field: string): CardCheck {
  const bank = bankOf(bankCode);
  if (!bank) return { ok: false, ret_code: '1029', why: `no bank ${bankCode} in the simulator's bank table` };
  if (!/^\d{12}$/.test(brbankno) || !brbankno.startsWith(bank.cnaps_prefix)) {
    return { ok: false, ret_code: '1005', why: `${field} 须为${bank.name}的 12 位大额行号（以 ${bank.cnaps_prefix} 开头）` };
  }
  return { ok: true, bank_code: bankCode, card_type: 'CORPORATE' };
}
