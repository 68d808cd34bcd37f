// Money on the wire is yuan (元) with at most two decimals, as a JSON number (150, 150.0)
// or a string ("50.00"); inside the simulator it is always an integer number of fen (分).
// Conversion goes through the decimal text, never through float arithmetic.

// Zeros after the fen are tolerated: LianLian's Go demo formats amounts with %f ("1500.000000").
const YUAN = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2})0*)?$/;

/**
 * The largest amount a request may carry: every amount row of the spec's tables is Number(8,2),
 * eight digits of which two are decimals, so 999,999.99 yuan. Balances may grow beyond it.
 */
export const MAX_REQUEST_FEN = 99_999_999;

/** True when `value` is a non-negative amount in yuan with at most two decimals. */
export function isYuan(value: unknown): boolean {
  return toYuanText(value) !== null;
}

/** What a request amount may be: `any` non-negative yuan, or Number(8,2), optionally above zero. */
export type AmountRule = 'any' | 'number(8,2)' | 'positive';

/** Why `value` breaks `rule` (Chinese, for ret_msg 1005), or null when it is fine. */
export function amountProblem(value: unknown, rule: AmountRule): string | null {
  if (!isYuan(value)) return '须为金额（元），最多两位小数';
  if (rule === 'any') return null;
  const fen = yuanToFen(value);
  if (fen > MAX_REQUEST_FEN) return '不能超过 999999.99（Number(8,2)）';
  if (rule === 'positive' && fen === 0) return '须大于 0';
  return null;
}

function toYuanText(value: unknown): string | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    // String(19.99) is the shortest text that reads back as the same double: "19.99".
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  return YUAN.test(text) ? text : null;
}

/** Yuan (number or string) → integer fen. Throws on anything isYuan refuses. */
export function yuanToFen(value: unknown): number {
  const text = toYuanText(value);
  if (text === null) throw new RangeError(`not an amount in yuan: ${JSON.stringify(value)}`);
  const [, whole, frac = ''] = YUAN.exec(text)!;
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** Integer fen → "12.34" (the spec's String amount, 单位元). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
