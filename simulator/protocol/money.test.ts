import { describe, expect, it } from 'vitest';
import { amountProblem, fenToYuan, isYuan, MAX_REQUEST_FEN, yuanToFen } from './money.js';

describe('money: yuan on the wire, integer fen inside', () => {
  it('reads numbers and strings with up to two decimals exactly', () => {
    expect(yuanToFen(150)).toBe(15000);
    expect(yuanToFen(150.0)).toBe(15000);
    expect(yuanToFen('50.00')).toBe(5000);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(0.1)).toBe(10);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen(1234567.89)).toBe(123456789);
    // the Go demo's %f
    expect(yuanToFen('1500.000000')).toBe(150000);
    expect(yuanToFen('0.100')).toBe(10);
  });

  it('refuses three decimals, negatives, exponents and junk', () => {
    for (const bad of [1.234, '1.234', '1.005', '1.0001', -1, '-1', '1e3', 'abc', '', null, undefined, NaN, Infinity, '01.00', {}]) {
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

  it('holds request amounts to Number(8,2): at most 999999.99, and above zero where the rule says so', () => {
    expect(MAX_REQUEST_FEN).toBe(yuanToFen('999999.99'));
    expect(amountProblem('999999.99', 'number(8,2)')).toBeNull();
    expect(amountProblem(999999.99, 'positive')).toBeNull();
    expect(amountProblem('1000000.00', 'number(8,2)')).toBe('不能超过 999999.99（Number(8,2)）');
    expect(amountProblem('9999999999999.99', 'positive')).toBe('不能超过 999999.99（Number(8,2)）');
    expect(amountProblem(0, 'number(8,2)')).toBeNull();
    expect(amountProblem('0.00', 'positive')).toBe('须大于 0');
    expect(amountProblem(0, 'positive')).toBe('须大于 0');
    expect(amountProblem('0.01', 'positive')).toBeNull();
    expect(amountProblem('12345678.00', 'any')).toBeNull();
    expect(amountProblem('1.001', 'any')).toBe('须为金额（元），最多两位小数');
  });
});
