// The simulated banks' card BINs: the first digits of a card number tell the issuing bank
// (by LianLian's 8-digit bank code) and whether the card is a debit or a credit card.
// The table covers the major Chinese banks' common ranges; a card whose BIN is not here is
// refused as "bank not supported" (1029). Longest prefix wins.
import type { CardType } from '../domain/model.js';

export interface Bank {
  bank_code: string;
  name: string;
  /** The first three digits of the bank's CNAPS numbers (大额行号) */
  cnaps_prefix: string;
}

export const BANKS: readonly Bank[] = [
  { bank_code: '01000000', name: '中国邮政储蓄银行', cnaps_prefix: '403' },
  { bank_code: '01020000', name: '中国工商银行', cnaps_prefix: '102' },
  { bank_code: '01030000', name: '中国农业银行', cnaps_prefix: '103' },
  { bank_code: '01040000', name: '中国银行', cnaps_prefix: '104' },
  { bank_code: '01050000', name: '中国建设银行', cnaps_prefix: '105' },
  { bank_code: '03010000', name: '交通银行', cnaps_prefix: '301' },
  { bank_code: '03020000', name: '中信银行', cnaps_prefix: '302' },
  { bank_code: '03030000', name: '中国光大银行', cnaps_prefix: '303' },
  { bank_code: '03040000', name: '华夏银行', cnaps_prefix: '304' },
  { bank_code: '03050000', name: '中国民生银行', cnaps_prefix: '305' },
  { bank_code: '03060000', name: '广发银行', cnaps_prefix: '306' },
  { bank_code: '03070000', name: '平安银行', cnaps_prefix: '307' },
  { bank_code: '03080000', name: '招商银行', cnaps_prefix: '308' },
  { bank_code: '03090000', name: '兴业银行', cnaps_prefix: '309' },
  { bank_code: '03100000', name: '上海浦东发展银行', cnaps_prefix: '310' },
];

export interface BinEntry {
  bin: string;
  bank_code: string;
  card_type: CardType;
}

export const BINS: readonly BinEntry[] = [
  { bin: '622202', bank_code: '01020000', card_type: 'DEBIT' },
  { bin: '621226', bank_code: '01020000', card_type: 'DEBIT' },
  { bin: '625330', bank_code: '01020000', card_type: 'CREDIT' },
  { bin: '622848', bank_code: '01030000', card_type: 'DEBIT' },
  { bin: '622845', bank_code: '01030000', card_type: 'DEBIT' },
  { bin: '622836', bank_code: '01030000', card_type: 'CREDIT' },
  { bin: '621661', bank_code: '01040000', card_type: 'DEBIT' },
  { bin: '621785', bank_code: '01040000', card_type: 'DEBIT' },
  { bin: '625907', bank_code: '01040000', card_type: 'CREDIT' },
  { bin: '621700', bank_code: '01050000', card_type: 'DEBIT' },
  { bin: '622700', bank_code: '01050000', card_type: 'DEBIT' },
  { bin: '625362', bank_code: '01050000', card_type: 'CREDIT' },
  { bin: '622260', bank_code: '03010000', card_type: 'DEBIT' },
  { bin: '622262', bank_code: '03010000', card_type: 'DEBIT' },
  { bin: '622258', bank_code: '03010000', card_type: 'CREDIT' },
  { bin: '622588', bank_code: '03080000', card_type: 'DEBIT' },
  { bin: '621483', bank_code: '03080000', card_type: 'DEBIT' },
  { bin: '622575', bank_code: '03080000', card_type: 'CREDIT' },
  { bin: '439225', bank_code: '03080000', card_type: 'CREDIT' },
  { bin: '621799', bank_code: '01000000', card_type: 'DEBIT' },
  { bin: '622188', bank_code: '01000000', card_type: 'DEBIT' },
  { bin: '622690', bank_code: '03020000', card_type: 'DEBIT' },
  { bin: '622666', bank_code: '03030000', card_type: 'DEBIT' },
  { bin: '622622', bank_code: '03050000', card_type: 'DEBIT' },
  { bin: '622568', bank_code: '03060000', card_type: 'DEBIT' },
  { bin: '622155', bank_code: '03070000', card_type: 'DEBIT' },
  { bin: '622909', bank_code: '03090000', card_type: 'DEBIT' },
  { bin: '622521', bank_code: '03100000', card_type: 'DEBIT' },
];

const byLength = [...BINS].sort((a, b) => b.bin.length - a.bin.length);

export function lookupBin(cardNo: string): BinEntry | undefined {
  return byLength.find((e) => cardNo.startsWith(e.bin));
}

export function bankOf(bankCode: string): Bank | undefined {
  return BANKS.find((b) => b.bank_code === bankCode);
}
