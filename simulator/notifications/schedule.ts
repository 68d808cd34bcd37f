// When ACCP tries a notification again after a failure.
//   acctmgr-api-v1.4 §2.6: 重复通知目前频率 2 分钟，共 30 次
//   txn-api-v2.3 §2.7:     重复通知目前频率 5 分钟，共 12 次
// The first attempt is immediate; "共 N 次" counts the repeats after it.
import type { NotifySchedule } from '../domain/model.js';

export const SCHEDULES: Record<NotifySchedule, { intervalSeconds: number; retries: number }> = {
  acctmgr: { intervalSeconds: 120, retries: 30 },
  txn: { intervalSeconds: 300, retries: 12 },
};

export function maxAttempts(schedule: NotifySchedule): number {
  return 1 + SCHEDULES[schedule].retries;
}
