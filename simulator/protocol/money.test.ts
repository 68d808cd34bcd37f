import { describe, expect, it } from 'vitest';
import { fenToYuan, isYuan, yuanToFen } from './money.js';

describe('money: yuan on the wire, integer fen inside', () => {
  it('reads numbers and strings with up to two decimals exactly', () => {
    expect(yuanToFen(150)).toBe(15000);
    expect(yuanToFen(150.0)).toBe(15000);
    expect(yuanToFen('50.00')).toBe(5000);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(0.1)).toBe(10);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen(1234567.89)).toBe(123456789);
  });

  it('refuses three decimals, negatives, exponents and junk', () => {
    for (const bad of [1.234, '1.234', -1, '-1', '1e3', 'abc', '', null, undefined, NaN, Infinity, '01.00', {}]) {
      expect(isYuan(bad)).toBe(false);
      expect(() => yuanToFen(bad)).toThrow();
    }
  });

  it('formats fen as the spec shows amounts', () => {
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(15000)).toBe('150.00');
    expect(fenToYuan(-1999)).toBe('-19.99');
    expect(() => fenToYuan(1.5)).toThrow();
  });
});
