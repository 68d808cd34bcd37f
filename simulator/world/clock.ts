// The simulator clock: real time plus an offset that the sandbox moves forward
// (POST /sandbox/clock). Every expiry, timestamp window and retry schedule reads this clock.
// ACCP's timestamps (yyyyMMddHHmmss) are China Standard Time, UTC+8, which has no DST.

const CST_OFFSET_MS = 8 * 3600 * 1000;

export class Clock {
  constructor(private readonly offsetMs: () => number) {}

  /** Milliseconds since the epoch, on the simulator clock. */
  now(): number {
    return Date.now() + this.offsetMs();
  }

  /** yyyyMMddHHmmss in China Standard Time. */
  stamp(ms: number = this.now()): string {
    return formatStamp(ms);
  }

  /** yyyyMMdd (the accounting date, date_acct) in China Standard Time. */
  day(ms: number = this.now()): string {
    return formatStamp(ms).slice(0, 8);
  }
}

export function formatStamp(ms: number): string {
  const iso = new Date(ms + CST_OFFSET_MS).toISOString(); // 2026-11-26T12:34:56.789Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
}

/** Parses yyyyMMddHHmmss (CST) to epoch ms; null when it is not a real date and time. */
export function parseStamp(stamp: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - CST_OFFSET_MS;
  return formatStamp(ms) === stamp ? ms : null;
}

/** Parses yyyyMMdd (CST midnight); null when it is not a real date. */
export function parseDay(day: string): number | null {
  return /^\d{8}$/.test(day) ? parseStamp(`${day}000000`) : null;
}
