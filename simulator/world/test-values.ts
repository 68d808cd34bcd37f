// Sandbox test values: inputs that make the simulated outside world fail in a chosen way.
// README's "Sandbox test values" table lists exactly these (a test keeps the two in step).
import { luhnCheckDigit } from './identity.js';

/** A Luhn-valid ICBC debit card number carrying a four-digit code: 6222 0200 0000 CCCC 00X. */
export function testCardNo(code: string): string {
  const partial = `622202000000${code}00`;
  return partial + luhnCheckDigit(partial);
}

export type BankFailure = '1023' | '1024' | '1025' | '1028' | '3007' | 'TIMEOUT';

export interface TestCard {
  /** the four digits in the card number */
  code: string;
  card_no: string;
  failure: BankFailure;
  /** ret_code the simulator answers with */
  ret_code: string;
  what: string;
}

export const TEST_CARDS: readonly TestCard[] = [
  { code: '1023', card_no: testCardNo('1023'), failure: '1023', ret_code: '1023', what: "the bank says the holder's name, ID number or phone is wrong" },
  { code: '1024', card_no: testCardNo('1024'), failure: '1024', ret_code: '1024', what: 'the bank says the card number is wrong or not the ID holder’s' },
  { code: '1025', card_no: testCardNo('1025'), failure: '1025', ret_code: '1025', what: 'the card is frozen, lost or closed at the bank' },
  { code: '1028', card_no: testCardNo('1028'), failure: '1028', ret_code: '1028', what: 'the reserved phone does not match the bank’s record' },
  { code: '3007', card_no: testCardNo('3007'), failure: '3007', ret_code: '3007', what: 'the card has too little money for a payment (verification passes)' },
  { code: '9001', card_no: testCardNo('9001'), failure: 'TIMEOUT', ret_code: '3203', what: 'the bank does not answer in time' },
];

export interface TestPhone {
  phone: string;
  ret_code: string;
  what: string;
}

export const TEST_PHONES: readonly TestPhone[] = [{ phone: '13800001020', ret_code: '1020', what: 'no SMS can be sent to this phone' }];
