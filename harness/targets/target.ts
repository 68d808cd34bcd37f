// What a feature may ask of the system under test beyond the merchant integration: an SMS code
// from the user's phone, the clock, the delivery of notifications, test people.
import type { AccpConnection, Company, IntegrationEnv, Person, Photos, SpareCard } from '../integration.js';

export interface Target {
  readonly kind: 'simulator' | 'accp';
  readonly accp: AccpConnection;
  readonly notify: IntegrationEnv['notify'];
  /** A person whose card the bank will accept, not used before. */
  newPerson(): Promise<Person>;
  /** Another card of this person (a person newPerson gave) that the bank will accept, not bound before. */
  newCard(person: Person, type: 'DEBIT' | 'CREDIT'): Promise<SpareCard>;
  /** A phone number that can receive (and the tester read) SMS codes, not used before: a new reserved or registration phone. */
  newPhone(): Promise<string>;
  /** An enterprise with a corporate account the bank will accept, not used before. */
  newCompany(): Promise<Company>;
  /** Identity card and licence photos to upload. */
  photos(): Promise<Photos>;
  /** The target's current time, yyyyMMddHHmmss (CST): the simulator's clock, or this machine's. */
  now(): Promise<string>;
  /** The newest SMS code sent to a phone. */
  smsCode(phone: string): Promise<string>;
  /** How many SMS codes a phone has received (simulator only). */
  smsCount?(phone: string): Promise<number>;
  /** Makes pending notifications arrive now (simulator: flush); ACCP sends on its own. */
  settleNotifications(): Promise<void>;
  /** How long a step waits for an expected notification after settling, and before it concludes none came. */
  readonly notificationWaitMs: number;
  /** Moves the clock forward (simulator only). */
  advanceClock?(seconds: number): Promise<void>;
  /** A sandbox test card whose bank check fails with the given code (simulator only). */
  failingCard?(code: string): string;
  /** LianLian's reviewers decide on an enterprise (simulator only). */
  reviewEnterprise?(userId: string, decision: 'APPROVE' | 'REJECT', reason?: string): Promise<void>;
  /** A bank transfer credits a user's account, or the merchant's own when userId is null (simulator only). */
  topUp?(userId: string | null, yuan: string): Promise<{ accp_txno: string }>;
  /** A person pays (or cancels) on a channel page of payment-gw (simulator: the simulated cashier). */
  payOnGateway?(gatewayUrl: string): Promise<void>;
  cancelOnGateway?(gatewayUrl: string): Promise<void>;
  /** The bank answers a withdrawal now (simulator only). */
  decideWithdrawal?(accpTxno: string, result: 'SUCCESS' | 'FAILURE'): Promise<void>;
  /** The clockwork runs only when a step lets it (settle, advanceClock), so a state in flight can be seen (the simulator the harness starts). */
  readonly clockworkOnDemand?: boolean;
  /** Lets the simulator's clockwork run (refunds answered by the channels, bank answers that are due). */
  settle?(): Promise<void>;
  /** Registers where the merchant wants offline top-up notices (LianLian: at onboarding; simulator: the sandbox). */
  registerRechargeUrl?(url: string): Promise<void>;
  stop(): Promise<void>;
}
