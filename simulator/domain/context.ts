// What every domain service works with. Built once by simulator/server.ts; no express in here.
import type { KeyObject } from 'node:crypto';
import type { Logger } from '../log.js';
import type { PasswordCipher } from '../protocol/password-crypto.js';
import type { RuleBook } from '../rulebook/rulebook.js';
import type { SchemaRegistry } from '../protocol/validation.js';
import type { FileStore } from '../store/files.js';
import type { Clock } from '../world/clock.js';
import { AccpError } from './errors.js';
import type { State, Tx } from './state.js';

export interface PlatformKeys {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** base64 DER SPKI, LianLian's published form (get-random's rsa_public_content) */
  publicKeyB64: string;
  cipher: PasswordCipher;
}

export interface Context {
  state: State;
  clock: Clock;
  rules: RuleBook;
  schemas: SchemaRegistry;
  keys: PlatformKeys;
  log: Logger;
  /** Uploaded files, beside the state */
  files: FileStore;
  /** The simulator's own base URL (for the gateway pages it hands out), once it listens. */
  publicUrl(): string;
  /** Tells the notification worker that new deliveries are due. */
  notifier: { wake(): void };
}

/** Throws the refusal of `ruleset` for these facts, if it has one. */
export async function refuseIf(ctx: Context, ruleset: string, facts: Record<string, unknown>): Promise<void> {
  const refusal = await ctx.rules.check(ruleset, facts);
  if (refusal) throw new AccpError(refusal.ret_code, refusal.ret_code === '1005' ? refusal.reason : undefined, refusal.rule);
}

/** A refusal whose transaction must still commit (a wrong SMS code counts even though it fails). */
export class Refused {
  constructor(readonly error: AccpError) {}
}

/** Runs a transaction; when it returns a Refused, commits its writes and then throws the error. */
export async function transact<T>(ctx: Context, fn: (tx: Tx) => T | Refused | Promise<T | Refused>): Promise<T> {
  const result = await ctx.state.transaction(fn);
  if (result instanceof Refused) throw result.error;
  return result;
}
