// Structured logs (pino). Nothing secret reaches a log: bodies are never logged, passwords and
// tokens never, card and ID numbers only masked (mask.card / mask.id), phones half-masked.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = process.env.ACCP_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'random_value', '*.random_value', 'authorization', '*.authorization', 'verify_code', '*.verify_code'],
      censor: '[secret]',
    },
  });
}

export const mask = {
  /** 6222020000001024009 → 622202*********4009 */
  card: (no: string | undefined): string => (no && no.length > 10 ? `${no.slice(0, 6)}${'*'.repeat(no.length - 10)}${no.slice(-4)}` : '****'),
  /** 11010519491231002X → 110105**********002X */
  id: (no: string | undefined): string => (no && no.length > 10 ? `${no.slice(0, 6)}${'*'.repeat(no.length - 10)}${no.slice(-4)}` : '****'),
  /** 13812345678 → 138****5678 */
  phone: (p: string | undefined): string => (p && p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : '****'),
};
