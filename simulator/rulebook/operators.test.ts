import { describe, expect, it } from 'vitest';
import { isDigitRun, isRepeatedDigit, operators } from './operators.js';

const op = (name: string) => {
  const fn = operators[name];
  if (!fn) throw new Error(`no operator ${name}`);
  return fn;
};

describe('operators: isDigitRun', () => {
  it('is true for ascending and descending runs of consecutive digits', () => {
    for (const s of ['123456', '654321', '0123', '01', '10', '9876543210', '456789']) expect(isDigitRun(s), s).toBe(true);
  });

  it('is false for gaps, single digits, letters, wrap-around and mixed directions', () => {
    for (const s of ['124', '1', '', '12a', 'abc', '9012', '8901', '13579', '1232', '111111', '123 456', '１２３']) expect(isDigitRun(s), s).toBe(false);
  });
});

describe('operators: isRepeatedDigit', () => {
  it('is true for one digit repeated at least twice', () => {
    for (const s of ['111111', '00', '999999999999']) expect(isRepeatedDigit(s), s).toBe(true);
  });

  it('is false otherwise', () => {
    for (const s of ['1', '', '111112', '211111', 'aaaa', '11 11', '123456']) expect(isRepeatedDigit(s), s).toBe(false);
  });
});

describe('operators: the rule-file operators', () => {
  it('exports exactly the documented set', () => {
    expect(Object.keys(operators).sort()).toEqual(['gb11643Valid', 'gb32100Valid', 'isDigitRun', 'isRepeatedDigit', 'luhnValid', 'matches', 'notMatches']);
  });

  it('matches: a string fact matching the regular expression', () => {
    const matches = op('matches');
    expect(matches('Wang2024', '^[A-Za-z0-9]{6,12}$')).toBe(true);
    expect(matches('abc_1234', '^[A-Za-z0-9]{6,12}$')).toBe(false);
    expect(matches('xabc', '^abc')).toBe(false);
    expect(matches('😀', '^.$')).toBe(true); // the unicode flag: one code point, not two halves
    expect(matches(123456, '^\\d+$')).toBe(false); // not a string
    expect(matches(undefined, '.*')).toBe(false);
    expect(matches(null, '.*')).toBe(false);
  });

  it('notMatches: absent, or a string that does not match', () => {
    const notMatches = op('notMatches');
    expect(notMatches('abc12', '^[A-Za-z0-9]{6,12}$')).toBe(true);
    expect(notMatches('abcdefghijklm', '^[A-Za-z0-9]{6,12}$')).toBe(true);
    expect(notMatches('Wang2024', '^[A-Za-z0-9]{6,12}$')).toBe(false);
    expect(notMatches(undefined, '^x$')).toBe(true);
    expect(notMatches(42, '^42$')).toBe(true);
    expect(notMatches('😀', '^.$')).toBe(false);
  });

  it('isDigitRun: compares the check with the expected boolean', () => {
    const f = op('isDigitRun');
    expect(f('123456', true)).toBe(true);
    expect(f('123456', false)).toBe(false);
    expect(f('124', true)).toBe(false);
    expect(f('124', false)).toBe(true);
    expect(f(123456, true)).toBe(false);
    expect(f(undefined, false)).toBe(false);
  });

  it('isRepeatedDigit: compares the check with the expected boolean', () => {
    const f = op('isRepeatedDigit');
    expect(f('111111', true)).toBe(true);
    expect(f('111111', false)).toBe(false);
    expect(f('111112', true)).toBe(false);
    expect(f('111112', false)).toBe(true);
    expect(f(111111, true)).toBe(false);
  });

  it('gb11643Valid: compares the identity number check with the expected boolean', () => {
    const f = op('gb11643Valid');
    expect(f('11010519491231002X', true)).toBe(true);
    expect(f('11010519491231002X', false)).toBe(false);
    expect(f('110105194912310021', true)).toBe(false);
    expect(f('110105194912310021', false)).toBe(true);
    expect(f(undefined, false)).toBe(false);
  });

  it('gb32100Valid: compares the social credit code check with the expected boolean', () => {
    const f = op('gb32100Valid');
    expect(f('91430111MA4L16JQ9B', true)).toBe(true);
    expect(f('91350100M000100Y43', true)).toBe(true);
    expect(f('91430111MA4L16JQ9B', false)).toBe(false);
    expect(f('91430111MA4L16JQ9C', true)).toBe(false);
    expect(f('91430111MA4L16JQ9C', false)).toBe(true);
  });

  it('luhnValid: compares the Luhn check with the expected boolean', () => {
    const f = op('luhnValid');
    expect(f('4111111111111111', true)).toBe(true);
    expect(f('4111111111111111', false)).toBe(false);
    expect(f('4111111111111112', true)).toBe(false);
    expect(f('4111111111111112', false)).toBe(true);
    expect(f(4111111111111111, true)).toBe(false);
  });
});
