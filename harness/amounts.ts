// Amounts as the harness compares them: yuan text with two decimals ("86.75"), whatever ACCP or an
// integration answered (86.75, 86.7, "86.75"). Through integer fen (simulator/protocol/money.ts),
// never float arithmetic.
import { fenToYuan, yuanToFen } from '../simulator/protocol/money.js';

/** "86.75" for 86.75, 86.750 or "86.75"; throws on anything that is not an amount in yuan. */
export function yuan(v: unknown): string {
  return fenToYuan(yuanToFen(v));
}

/** `total` less the given parts (absent ones count nothing), as yuan text. */
export function yuanLess(total: unknown, ...parts: unknown[]): string {
  return fenToYuan(parts.reduce<number>((fen, p) => fen - (p === undefined || p === '' ? 0 : yuanToFen(p)), yuanToFen(total)));
}
