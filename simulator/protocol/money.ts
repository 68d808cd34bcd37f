// Money on the wire is yuan (元) with at most two decimals, as a JSON number (150, 150.0)
// or a string ("50.00"); inside the simulator it is always an integer number of fen (分).
// Conversion goes through the decimal text, never through float arithmetic.

const YUAN = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;

/** True when `value` is a non-negative amount in yuan with at most two decimals. */
export function isYuan(value: unknown): boolean {
  return toYuanText(value) !== null;
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
