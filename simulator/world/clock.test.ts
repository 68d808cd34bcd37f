import { afterEach, describe, expect, it, vi } from 'vitest';
import { Clock, formatStamp, parseDay, parseStamp } from './clock.js';

describe('clock: China Standard Time stamps', () => {
  it('formats epoch ms as yyyyMMddHHmmss at UTC+8', () => {
    expect(formatStamp(Date.UTC(2026, 0, 1, 0, 0, 0))).toBe('20260101080000');
    expect(formatStamp(Date.UTC(2025, 11, 31, 16, 0, 0))).toBe('20260101000000'); // CST midnight, the day before in UTC
    expect(formatStamp(Date.UTC(2025, 11, 31, 15, 59, 59, 999))).toBe('20251231235959');
    expect(formatStamp(Date.UTC(2024, 1, 28, 16, 30, 5))).toBe('20240229003005');
    expect(formatStamp(Date.UTC(2026, 6, 1, 4, 5, 6))).toBe('20260701120506'); // no DST in summer
  });

  it('parses stamps back to epoch ms', () => {
    expect(parseStamp('20260101080000')).toBe(Date.UTC(2026, 0, 1, 0, 0, 0));
    expect(parseStamp('20260101000000')).toBe(Date.UTC(2025, 11, 31, 16, 0, 0));
    expect(parseStamp('20240229235959')).toBe(Date.UTC(2024, 1, 29, 15, 59, 59));
  });

  it('round-trips format and parse', () => {
    for (const ms of [Date.UTC(2026, 0, 1), Date.UTC(2000, 1, 29, 23, 59, 59), Date.UTC(2030, 11, 31, 16, 0, 1), 0]) {
      expect(parseStamp(formatStamp(ms))).toBe(ms);
    }
    for (const stamp of ['20260101080000', '19991231235959', '20280229120000']) expect(formatStamp(parseStamp(stamp)!)).toBe(stamp);
  });

  it('drops milliseconds when formatting', () => {
    expect(parseStamp(formatStamp(Date.UTC(2026, 0, 1, 0, 0, 0, 999)))).toBe(Date.UTC(2026, 0, 1, 0, 0, 0));
  });

  it('returns null for dates and times that do not exist, and for other shapes', () => {
    for (const bad of ['20260230120000', '20230229000000', '20261301000000', '20260001000000', '20260100000000', '20260101240000', '20260101236000', '20260101235960', '2026010108000', '202601010800000', '2026-01-01 08:00', '', 'abcdefghijklmn']) {
      expect(parseStamp(bad), bad).toBeNull();
    }
  });

  it('parses days as CST midnight', () => {
    expect(parseDay('20260101')).toBe(Date.UTC(2025, 11, 31, 16, 0, 0));
    expect(parseDay('20260230')).toBeNull();
    expect(parseDay('2026010')).toBeNull();
    expect(parseDay('20260101000000')).toBeNull();
  });
});

describe('clock: Clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('adds the offset, reading the getter on every call', () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1, 0, 0, 0));
    let offset = 0;
    const clock = new Clock(() => offset);
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1, 0, 0, 0));
    expect(clock.stamp()).toBe('20260101080000');
    expect(clock.day()).toBe('20260101');

    offset = 16 * 3600 * 1000; // the sandbox moves the clock 16 hours forward
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1, 16, 0, 0));
    expect(clock.stamp()).toBe('20260102000000');
    expect(clock.day()).toBe('20260102');

    vi.setSystemTime(Date.UTC(2026, 0, 1, 0, 0, 30)); // real time moves on too
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1, 16, 0, 30));
  });

  it('formats a given instant rather than now when asked', () => {
    const clock = new Clock(() => 999_999_999);
    expect(clock.stamp(Date.UTC(2026, 0, 1))).toBe('20260101080000');
    expect(clock.day(Date.UTC(2026, 0, 1, 16))).toBe('20260102');
  });
});
