// The operators rule files may use beyond json-rules-engine's own (equal, lessThan, in, ...).
// Each is a named check that JSON cannot spell: a checksum, a pattern, a digit run.
// This is the one place in code where such rule logic lives; docs/rules.md lists them.
import { isValidIdCardNo, isValidUscc, passesLuhn } from '../world/identity.js';

export type OperatorFn = (factValue: unknown, ruleValue: unknown) => boolean;

const asText = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** True when `s` is all digits and each digit is the previous one plus one, or minus one (123456, 654321). */
export function isDigitRun(s: string): boolean {
  if (!/^\d{2,}$/.test(s)) return false;
  const step = Number(s[1]) - Number(s[0]);
  if (step !== 1 && step !== -1) return false;
  for (let i = 1; i < s.length; i++) if (Number(s[i]) - Number(s[i - 1]) !== step) return false;
  return true;
}

/** True when `s` is one digit repeated (111111). */
export function isRepeatedDigit(s: string): boolean {
  return /^(\d)\1+$/.test(s);
}

export const operators: Record<string, OperatorFn> = {
  /** fact (a string) matches the regular expression given as value */
  matches: (fact, re) => asText(fact) !== null && new RegExp(String(re), 'u').test(asText(fact)!),
  /** fact is absent or does not match the regular expression given as value */
  notMatches: (fact, re) => asText(fact) === null || !new RegExp(String(re), 'u').test(asText(fact)!),
  /** fact is (value true) or is not (value false) a run of consecutive digits */
  isDigitRun: (fact, expected) => asText(fact) !== null && isDigitRun(asText(fact)!) === expected,
  /** fact is (value true) or is not (value false) one digit repeated */
  isRepeatedDigit: (fact, expected) => asText(fact) !== null && isRepeatedDigit(asText(fact)!) === expected,
  /** fact passes (value true) or fails (value false) the GB 11643-1999 identity number check */
  gb11643Valid: (fact, expected) => asText(fact) !== null && isValidIdCardNo(asText(fact)!) === expected,
  /** fact passes (value true) or fails (value false) the GB 32100-2015 unified social credit code check */
  gb32100Valid: (fact, expected) => asText(fact) !== null && isValidUscc(asText(fact)!) === expected,
  /** fact passes (value true) or fails (value false) the Luhn check of card numbers */
  luhnValid: (fact, expected) => asText(fact) !== null && passesLuhn(asText(fact)!) === expected,
};
