// The merchant-integration plug: what a platform's own system does for its users, as the
// features drive it. An integrator implements this interface over their system (calling their
// backend, which calls ACCP) and runs the features against it:
//
//   npx accp-harness --integration ./my-integration.js --target simulator
//
// The module's default export is a factory `(env: IntegrationEnv) => MerchantIntegration`.
// harness/reference-integration.ts is the reference implementation: it speaks ACCP directly.
//
// Every operation answers with the ACCP ret_code and ret_msg the merchant system got, plus the
// fields of the answer the step needs. Amounts are strings in yuan, as ACCP shows them.

export interface AccpConnection {
  /** e.g. http://127.0.0.1:8080 for the simulator, https://accpapi.lianlianpay.com for ACCP */
  baseUrl: string;
  oidPartner: string;
  /** PEM of the merchant's RSA private key */
  merchantPrivateKeyPem: string;
  /** The platform's RSA public key, base64 DER SPKI (LianLian's published form) or PEM */
  platformPublicKey: string;
}

export interface IntegrationEnv {
  accp: AccpConnection;
  /** Where the integration's notification receiver listens and how ACCP reaches it. */
  notify: {
    host: string;
    port: number;
    /** Base URL ACCP posts to; defaults to http://host:port */
    publicBaseUrl?: string;
  };
}

export interface Outcome {
  retCode: string;
  retMsg: string;
}

/** A person's real-name details and debit card, as the user types them into the merchant's app. */
export interface Person {
  name: string;
  idNo: string;
  /** yyyyMMdd, 99991231 for long-term */
  idExp: string;
  phone: string;
  occupation: string;
  address: string;
  cardNo: string;
  /** the phone the bank has for the card */
  cardPhone: string;
}

export interface PersonalAccountApplication extends Person {
  userId: string;
}

export interface PasswordEntry {
  smsCode: string;
  password: string;
  /** true: through the password control (get-random, random_key); false: the bare encrypted password */
  passwordControl: boolean;
}

export interface UserState extends Outcome {
  userStatus?: string;
  oidUserno?: string;
}

export interface AccountBalance {
  acctType: string;
  /** 资金余额, yuan */
  total: string;
  /** 可用余额, yuan */
  available: string;
  /** 冻结金额, yuan */
  frozen: string;
}

export interface Balances extends Outcome {
  accounts?: AccountBalance[];
}

export interface ReceivedNotification {
  /** The receiver path it arrived on */
  path: string;
  body: Record<string, unknown>;
  /** Signature-Data verified against the platform public key */
  signatureValid: boolean;
  receivedAt: Date;
}

export interface MerchantIntegration {
  readonly name: string;
  /** Starts what the integration needs (its notification receiver). */
  start(): Promise<void>;
  stop(): Promise<void>;

  // 标准开户 (merchant-requirements.txt 一.1)
  /** 3.1: the user asks for a code on the phone they register with */
  sendRegPhoneCode(userId: string, phone: string): Promise<Outcome>;
  /** 3.2: the user types that code */
  verifyRegPhoneCode(userId: string, phone: string, code: string): Promise<Outcome>;
  /** 3.3.1: the user submits their details and card; the bank's reserved phone gets a code */
  applyPersonalAccount(application: PersonalAccountApplication): Promise<Outcome>;
  /** 3.3.2: the user types the code and sets the payment password (3.13 when passwordControl) */
  confirmPersonalAccount(userId: string, entry: PasswordEntry): Promise<UserState>;

  /** 3.15: the user's status as ACCP reports it */
  userState(userId: string): Promise<UserState>;
  /** 3.16: a user's accounts, or the merchant's own when userId is null */
  balances(userId: string | null): Promise<Balances>;

  /** The async notifications the merchant system received about this user, oldest first. */
  notificationsAbout(userId: string): Promise<ReceivedNotification[]>;
}

export type IntegrationFactory = (env: IntegrationEnv) => MerchantIntegration | Promise<MerchantIntegration>;
