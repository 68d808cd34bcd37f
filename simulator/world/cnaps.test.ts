import { describe, expect, it } from 'vitest';
import { CNAPS_BRANCHES } from './cnaps.js';

/** LianLian bank code → the 3-digit CNAPS bank category its numbers start with. */
const CATEGORY: Readonly<Record<string, string>> = {
  '01000000': '403', // 中国邮政储蓄银行
  '01020000': '102', // 中国工商银行
  '01030000': '103', // 中国农业银行
  '01040000': '104', // 中国银行
  '01050000': '105', // 中国建设银行
  '03010000': '301', // 交通银行
  '03020000': '302', // 中信银行
  '03030000': '303', // 中国光大银行
  '03040000': '304', // 华夏银行
  '03050000': '305', // 中国民生银行
  '03060000': '306', // 广发银行
  '03070000': '307', // 平安银行
  '03080000': '308', // 招商银行
  '03090000': '309', // 兴业银行
  '03100000': '310', // 上海浦东发展银行
};

/**
 * Banks for which no real branch code could be found, so they carry only their head office.
 * Empty: every bank has a head office and at least one branch.
 */
const HEAD_OFFICE_ONLY: readonly string[] = [];

describe('cnaps: the CNAPS bank-number table', () => {
  it('has 12-digit codes whose bank category matches the bank', () => {
    for (const b of CNAPS_BRANCHES) {
      expect(b.cnaps_code, b.brabank_name).toMatch(/^\d{12}$/);
      const category = CATEGORY[b.bank_code];
      expect(category, `unknown bank code ${b.bank_code}`).toBeDefined();
      expect(b.cnaps_code.slice(0, 3), b.brabank_name).toBe(category);
    }
  });

  it('has 6-digit city codes and a name for every entry', () => {
    for (const b of CNAPS_BRANCHES) {
      expect(b.city_code, b.brabank_name).toMatch(/^\d{6}$/);
      expect(b.brabank_name.length).toBeGreaterThan(0);
    }
  });

  it('gives every bank its head office and a branch', () => {
    for (const bankCode of Object.keys(CATEGORY)) {
      const rows = CNAPS_BRANCHES.filter((b) => b.bank_code === bankCode);
      expect(rows.length, bankCode).toBeGreaterThanOrEqual(HEAD_OFFICE_ONLY.includes(bankCode) ? 1 : 2);
    }
  });

  it('lists each CNAPS code once', () => {
    const codes = CNAPS_BRANCHES.map((b) => b.cnaps_code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
