import { describe, expect, it } from 'vitest';
import { idCardCheckChar, isValidIdCardNo, isValidUscc, luhnCheckDigit, passesLuhn, usccCheckChar } from './identity.js';

const GOOD_ID = '11010519491231002X'; // GB 11643-1999's own example
const USCC_A = '91430111MA4L16JQ9B';
const USCC_B = '91350100M000100Y43';

describe('identity: GB 11643-1999 citizen identity numbers', () => {
  it('accepts the standard example and computes its check character', () => {
    expect(isValidIdCardNo(GOOD_ID)).toBe(true);
    expect(idCardCheckChar(GOOD_ID.slice(0, 17))).toBe('X');
  });

  it('computes MOD 11-2 check characters (worked by hand)', () => {
    // 1*7+1*9+0+1*5+0+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0+0+2*2 = 167; 167 mod 11 = 2 -> 'X'
    expect(idCardCheckChar('11010519491231002')).toBe('X');
    // 4*7+4*9+0+5*5+2*8+4*4+1*2+8*1+8*6+0+0+1*9+0+1*5+0+0+1*2 = 195; 195 mod 11 = 8 -> '4'
    expect(idCardCheckChar('44052418800101001')).toBe('4');
    // sum 0 -> '1'
    expect(idCardCheckChar('00000000000000000')).toBe('1');
  });

  it('refuses the standard example with any other check character', () => {
    for (const c of '0123456789') expect(isValidIdCardNo(GOOD_ID.slice(0, 17) + c)).toBe(false);
    expect(isValidIdCardNo('110105194912310021')).toBe(false);
  });

  it('refuses the number when any one of its first 17 digits changes', () => {
    for (let i = 0; i < 17; i++) {
      const d = Number(GOOD_ID[i]);
      const altered = GOOD_ID.slice(0, i) + String((d + 1) % 10) + GOOD_ID.slice(i + 1);
      expect(isValidIdCardNo(altered), altered).toBe(false);
    }
  });

  it('refuses impossible birth dates even with a correct check character', () => {
    const withCheck = (first17: string) => first17 + idCardCheckChar(first17);
    expect(isValidIdCardNo(withCheck('11010519490230002'))).toBe(false); // 30 February
    expect(isValidIdCardNo(withCheck('11010519491331002'))).toBe(false); // month 13
    expect(isValidIdCardNo(withCheck('11010519490000002'))).toBe(false); // month 0 day 0
    expect(isValidIdCardNo(withCheck('11010519230229002'))).toBe(false); // 1923 is not a leap year
    expect(isValidIdCardNo(withCheck('11010520000229002'))).toBe(true); // 2000 is
  });

  it('refuses birth dates in the future of `today`', () => {
    const id = '11010520250615001' + idCardCheckChar('11010520250615001');
    expect(isValidIdCardNo(id, new Date(Date.UTC(2025, 5, 14)))).toBe(false);
    expect(isValidIdCardNo(id, new Date(Date.UTC(2025, 5, 16)))).toBe(true);
  });

  it('refuses address codes starting with 0 or 9, wrong lengths and other characters', () => {
    for (const first of ['0', '9']) {
      const first17 = first + GOOD_ID.slice(1, 17);
      expect(isValidIdCardNo(first17 + idCardCheckChar(first17))).toBe(false);
    }
    expect(isValidIdCardNo(GOOD_ID.slice(0, 17))).toBe(false);
    expect(isValidIdCardNo(GOOD_ID + '1')).toBe(false);
    expect(isValidIdCardNo('')).toBe(false);
    expect(isValidIdCardNo('1101051949123100AX')).toBe(false);
    expect(isValidIdCardNo(` ${GOOD_ID}`)).toBe(false);
  });
});

describe('identity: GB 32100-2015 unified social credit codes', () => {
  it('accepts real codes and computes their check characters', () => {
    expect(isValidUscc(USCC_A)).toBe(true);
    expect(isValidUscc(USCC_B)).toBe(true);
    expect(usccCheckChar(USCC_A.slice(0, 17))).toBe('B');
    expect(usccCheckChar(USCC_B.slice(0, 17))).toBe('3');
  });

  it('refuses the code when any single character changes', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (const code of [USCC_A, USCC_B]) {
      for (let i = 0; i < 18; i++) {
        const ch = code[i]!;
        const isDigitPos = i >= 2 && i <= 7;
        const replacement = isDigitPos ? String((Number(ch) + 1) % 10) : alphabet[(alphabet.indexOf(ch) + 1) % alphabet.length]!;
        const altered = code.slice(0, i) + replacement + code.slice(i + 1);
        expect(altered).not.toBe(code);
        expect(isValidUscc(altered), altered).toBe(false);
      }
    }
  });

  it('refuses the letters I, O, Z, S and V anywhere', () => {
    for (const bad of 'IOZSV') {
      // position 8 (organisation code) holds 'M' in USCC_A
      expect(isValidUscc(USCC_A.slice(0, 8) + bad + USCC_A.slice(9))).toBe(false);
      expect(isValidUscc(USCC_A.slice(0, 17) + bad)).toBe(false);
    }
  });

  it('refuses wrong lengths, lower case and letters in the region code', () => {
    expect(isValidUscc(USCC_A.slice(0, 17))).toBe(false);
    expect(isValidUscc(USCC_A + '0')).toBe(false);
    expect(isValidUscc(USCC_A.toLowerCase())).toBe(false);
    expect(isValidUscc('')).toBe(false);
    expect(isValidUscc('91A30111MA4L16JQ9B')).toBe(false);
  });
});

describe('identity: Luhn', () => {
  it('accepts well-known valid numbers', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('5555555555554444')).toBe(true);
    expect(passesLuhn('6222020000004321006')).toBe(true);
  });

  it('computes the check digit', () => {
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnCheckDigit('7992739871')).toBe('3'); // the classic textbook example
    expect(luhnCheckDigit('555555555555444')).toBe('4');
    expect(luhnCheckDigit('000000000000')).toBe('0');
  });

  it('refuses a wrong check digit, a swapped pair, non-digits and wrong lengths', () => {
    for (const c of '023456789') expect(passesLuhn('411111111111111' + c)).toBe(false);
    expect(passesLuhn('4111111111111121')).toBe(false);
    expect(passesLuhn('4111 1111 1111 1111')).toBe(false);
    expect(passesLuhn('41111111111a1111')).toBe(false);
    expect(passesLuhn('79927398713')).toBe(false); // Luhn-valid, but only 11 digits
    expect(passesLuhn('4'.repeat(19) + '0')).toBe(false); // 20 digits
    expect(passesLuhn('')).toBe(false);
  });
});
