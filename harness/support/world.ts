// The state of one scenario: who the people are, what the merchant system answered.
import { setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import type { AccountBalance, AppliedOutcome, Company, MerchantIntegration, Outcome, Person, SpareCard, TxnOutcome, TypedPassword } from '../integration.js';
import type { Target } from '../targets/target.js';
import { userId } from '../testdata.js';

export interface Actor {
  alias: string;
  userId: string;
  /** a person's details (for an enterprise: its legal representative) */
  person: Person;
  /** set for an enterprise */
  company?: Company;
  /** the payment password the user set */
  password: string;
  /** a card or account of theirs the scenario is about (not necessarily bound) */
  card?: string;
  /** that card's type and, for a credit card, its cvv2 and expiry, when the target gave it (Target.newCard) */
  cardDetails?: SpareCard;
  /** another user_id the scenario tried to open with this person's details */
  otherUserId?: string;
  /** a phone number the scenario changes to, and the one it replaced */
  newPhone?: string;
  oldPhone?: string;
}

export const DEFAULT_PASSWORD = 'Wang2024';

export class AccpWorld extends World {
  target!: Target;
  integration!: MerchantIntegration;
  readonly actors = new Map<string, Actor>();
  readonly outcomes: Outcome[] = [];
  /** How many of the last outcomes the latest step produced (a step may try several times). */
  batchSize = 1;
  /** The order (txn_seqno) the scenario is about: the last one created successfully. */
  orderRef?: string;
  /** The last payment, withdrawal, transfer, confirmation or refund: its ref, accp_txno, gateway_url. */
  lastTxn?: TxnOutcome;
  /** The merchant's accounts when the scenario noted them (one merchant serves every scenario of a run). */
  merchantNoted?: AccountBalance[];
  /** The txn_seqno of the last apply of each kind whose notification carries only a result (修改预留手机号, 修改绑定手机号, 销户). */
  readonly applied = new Map<string, string>();

  constructor(options: IWorldOptions) {
    super(options);
  }

  async newActor(alias: string, overrides: Partial<Actor> = {}): Promise<Actor> {
    const actor: Actor = { alias, userId: overrides.userId ?? userId(), person: overrides.person ?? (await this.target.newPerson()), password: DEFAULT_PASSWORD, ...overrides };
    this.actors.set(alias, actor);
    return actor;
  }

  async newCompanyActor(alias: string): Promise<Actor> {
    const company = await this.target.newCompany();
    return this.newActor(alias, { company, person: { ...(await this.target.newPerson()), phone: company.phone } });
  }

  /** The actor's payment password as typed through the password control. */
  typed(alias: string, password?: string, passwordControl = true): TypedPassword {
    return { password: password ?? this.actor(alias).password, passwordControl };
  }

  actor(alias: string): Actor {
    const a = this.actors.get(alias);
    if (!a) throw new Error(`no one called "${alias}" in this scenario`);
    return a;
  }

  record<T extends Outcome>(o: T): T {
    this.outcomes.push(o);
    this.attach(`${o.retCode} ${o.retMsg}`, 'text/plain');
    return o;
  }

  /** Records the answer to an apply ACCP notifies about by its txn_seqno alone. */
  recordApply<T extends AppliedOutcome>(kind: string, o: T): T {
    if (o.ref) this.applied.set(kind, o.ref);
    return this.record(o);
  }

  get last(): Outcome {
    const o = this.outcomes.at(-1);
    if (!o) throw new Error('nothing has been asked of the merchant system yet');
    return o;
  }
}

setWorldConstructor(AccpWorld);
