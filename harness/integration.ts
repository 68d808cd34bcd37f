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

/** Another card of a person: same holder, ID and reserved phone (Person.cardPhone) as the card they opened with. */
export interface SpareCard {
  cardNo: string;
  type: 'DEBIT' | 'CREDIT';
  /** a credit card's security code and expiry (MM/YY), which a credit-card payment sends (txn §3.2.3) */
  cvv2?: string;
  validThru?: string;
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

export interface MerchantIntegration extends AccountManagement, Transactions {
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
  /** Where the merchant system wants offline top-up notices (txn v2.3 §3.8.1 recharge_url), if it takes them. */
  rechargeUrl?(): string;
}

/** An enterprise's details as typed into the merchant's app (merchant-requirements.txt 一.1). */
export interface Company {
  name: string;
  /** unified social credit code (统一社会信用代码) */
  creditCode: string;
  idExp: string;
  phone: string;
  email: string;
  address: string;
  legalRep: { name: string; phone: string; idNo: string; idExp: string };
  contact: { name: string; phone: string };
  /** basic account (基本户) */
  basicAccount: { bankCode: string; acctNo: string };
  /** the account it binds */
  account: CorporateAccount;
}

export interface CorporateAccount {
  acctNo: string;
  bankCode: string;
  /** CNAPS number of the branch (大额行号) */
  branchNo: string;
  branchName?: string;
  acctName: string;
}

export interface EnterpriseApplication extends Company {
  userId: string;
  password: string;
  passwordControl: boolean;
}

/** Photos as files: the bytes and their type (jpeg, png, …). */
export interface Photos {
  idEmblem: { bytes: Buffer; type: string };
  idPortrait: { bytes: Buffer; type: string };
  licence?: { bytes: Buffer; type: string };
}

/** A typed payment password: the plaintext and whether it went through the password control. */
export interface TypedPassword {
  password: string;
  passwordControl: boolean;
}

export interface BoundCard {
  cardNo: string;
  bankCode: string;
  phone?: string;
  branchNo?: string;
  agreementNo: string;
}

export interface Cards extends Outcome {
  cards?: BoundCard[];
}

export interface StatementQuery {
  acctType: string;
  /** yyyyMMddHHmmss */
  from: string;
  to: string;
  flagDc?: 'DEBIT' | 'CREDIT';
  page: number;
  pageSize: number;
  order?: 'ASC' | 'DESC';
}

export interface StatementLine {
  jno: string;
  txnType: string;
  flagDc: 'DEBIT' | 'CREDIT';
  /** yuan */
  amount: string;
  /** balance after, yuan */
  balance: string;
  accpTxno: string;
  txnTime: string;
}

export interface Statement extends Outcome {
  totalIn?: string;
  totalOut?: string;
  totalNum?: number;
  totalPage?: number;
  lines?: StatementLine[];
}

export interface StatementLineDetail extends Outcome {
  line?: StatementLine & { txnSeqno?: string; otherAcct?: string; otherName?: string };
}

/**
 * The answer to an apply that ACCP later notifies about with only a result (§3.8.3, §3.9.3,
 * §3.10.2): ref is the txn_seqno the merchant sent, which the notification carries back.
 */
export interface AppliedOutcome extends Outcome {
  ref?: string;
}

export interface ClosingDetails {
  name: string;
  idType: 'ID_CARD' | 'UNIFIED_SOCIAL_CREDIT_CODE';
  idNo: string;
  phone: string;
}

/** The operations of acctmgr-api-v1.4 beyond personal account opening (merchant-requirements.txt 一). */
export interface AccountManagement {
  // 标准开户, enterprises (§3.4, §3.20)
  applyEnterpriseAccount(application: EnterpriseApplication): Promise<UserState>;
  uploadPhotos(userId: string, photos: Photos): Promise<Outcome>;

  // 新增绑定银行卡 (§3.5)
  applyBindCard(userId: string, card: { cardNo: string; phone: string }, password: TypedPassword): Promise<Outcome>;
  confirmBindCard(userId: string, smsCode: string): Promise<Outcome & { agreementNo?: string }>;
  cards(userId: string): Promise<Cards>;

  // 解绑银行卡 (§3.7)
  unbindCard(userId: string, cardNo: string, password: TypedPassword): Promise<Outcome>;

  // 企业用户更换绑定账号 (§3.6)
  changeEnterpriseAccount(userId: string, account: CorporateAccount, password: TypedPassword): Promise<Outcome & { agreementNo?: string }>;

  // 银行预留手机号修改 (§3.8)
  applyChangeCardPhone(userId: string, cardNo: string, newPhone: string): Promise<AppliedOutcome>;
  confirmChangeCardPhone(userId: string, smsCode: string): Promise<Outcome>;

  // 用户绑定手机号码修改 (§3.9)
  applyChangeRegPhone(userId: string, oldPhone: string, newPhone: string, password: TypedPassword): Promise<AppliedOutcome>;
  confirmChangeRegPhone(userId: string, smsCode: string): Promise<Outcome>;

  // 销户 (§3.10)
  closeAccount(userId: string, details: ClosingDetails, password: TypedPassword): Promise<AppliedOutcome>;

  // 支付密码修改, 找回 (§3.11, §3.12, §3.21)
  changePassword(userId: string, oldPassword: TypedPassword, newPassword: string): Promise<Outcome>;
  applyFindPassword(userId: string, cardNo: string | null): Promise<Outcome & { maskedPhone?: string }>;
  confirmFindPassword(userId: string, smsCode: string, newPassword: TypedPassword): Promise<Outcome>;
  validatePassword(userId: string, password: TypedPassword): Promise<Outcome>;

  // 明细查询 (§3.17): a user's statement, or the merchant's own when userId is null
  statement(userId: string | null, query: StatementQuery): Promise<Statement>;
  statementLine(userId: string | null, jno: string): Promise<StatementLineDetail>;
}

// ---- transactions (merchant-requirements.txt 二; txn-api-v2.3) ----------------------------------

/**
 * Who pays or is paid: a user of the merchant, or the merchant itself (one of its accounts; null
 * names no account, a request ACCP refuses where the account type is required).
 */
export type PartyRef = { user: string } | { merchant: 'MCHOWN' | 'MCHASSURE' | 'MCHCOUPON' | 'MCHFEE' | null };

export interface PayeeRef {
  party: PartyRef;
  /** yuan */
  amount: string;
}

/** An answer about a payment, withdrawal, transfer or refund: its reference in the merchant system, and ACCP's. */
export interface TxnOutcome extends Outcome {
  /** the merchant's own reference (txn_seqno, refund_seqno) */
  ref?: string;
  /** ACCP's (accp_txno) */
  accpTxno?: string;
  /** payment-gw: the channel page the person is sent to */
  gatewayUrl?: string;
  /** status as a query answers it (txn_status, secure_status) */
  status?: string;
  failureReason?: string;
}

export interface CardRef {
  /** a bound card, by its agreement number or its number */
  agreementNo?: string;
  cardNo?: string;
  /** a new card (anonymous payers, or a card not bound): the four elements */
  newCard?: { cardNo: string; name: string; idNo: string; phone: string };
  /** DEBIT pays as AGRT_DEBIT_CARD (the default), CREDIT as AGRT_CREDIT_CARD */
  type?: 'DEBIT' | 'CREDIT';
  /** a credit card's cvv2 and expiry (MM/YY): §3.2.3 "信用卡支付时必填", bound or not */
  cvv2?: string;
  validThru?: string;
}

export interface OrderRequest {
  kind: 'USER_TOPUP' | 'MCH_TOPUP' | 'GENERAL_CONSUME' | 'SECURED_CONSUME';
  /** the paying user (absent for a merchant top-up) */
  payer?: string;
  anonymous?: boolean;
  /** yuan */
  amount: string;
  payees?: PayeeRef[];
  goods?: string;
  /** minutes */
  expireMinutes?: number;
  /** the txn_seqno to send; absent, the integration makes a new one. The ref of an earlier order repeats it (ACCP refuses: 1010). */
  ref?: string;
}

export interface Transactions {
  /** 3.2.1: an order to pay (a top-up or a consumption); ref is its txn_seqno */
  createOrder(order: OrderRequest): Promise<TxnOutcome>;
  /** 3.2.2: pay with the payer's balance (and the merchant's coupon account for couponAmount) */
  payWithBalance(ref: string, payer: string, password: TypedPassword, couponAmount?: string): Promise<TxnOutcome>;
  /** 3.2.3: pay with a card (retCode 8888 asks for the SMS code: confirmSms); balance/coupon parts optional */
  payWithCard(ref: string, payer: string, card: CardRef, password: TypedPassword | null, parts?: { balance?: string; coupon?: string }): Promise<TxnOutcome>;
  /** 3.2.4: pay through a channel page (WeChat, Alipay, online banking): gatewayUrl */
  payWithGateway(ref: string, payer: PartyRef, method: string, password: TypedPassword | null): Promise<TxnOutcome>;
  /** 3.6: the SMS code of the last payment, withdrawal or transfer that answered 8888 for this user */
  confirmSms(user: string, smsCode: string): Promise<TxnOutcome>;
  /** 3.2.8 */
  paymentStatus(ref: string): Promise<TxnOutcome>;
  /** close-payment */
  closeOrder(ref: string): Promise<TxnOutcome>;

  /** 3.5.1: ALL, or PART with the payees confirmed now; ref is the confirmation's */
  confirmSecured(orderRef: string, payer: string, mode: 'ALL' | 'PART', amount: string, payees?: PayeeRef[]): Promise<TxnOutcome>;
  /** 3.5.3: secure_status, and per payee amount / confirmed / refunded */
  securedStatus(orderRef: string): Promise<TxnOutcome & { payees?: { party: PartyRef; amount: string; confirmed: string; refunded: string }[] }>;

  /**
   * 3.3.1: to a bound card, by its number (cardNo) or its agreement number (agreementNo: "提现时绑定卡号和协议号二者传其一"),
   * or the default; check asks for the merchant's check (8889)
   */
  withdraw(
    user: string,
    w: { amount: string; fee?: string; cardNo?: string; agreementNo?: string; password: TypedPassword; check?: boolean; payTimeType?: 'TRANS_THIS_TIME' | 'TRANS_NORMAL' | 'TRANS_NEXT_TIME' },
  ): Promise<TxnOutcome>;
  /** 3.3.2: the merchant accepts or cancels */
  checkWithdrawal(ref: string, accept: boolean, reason?: string): Promise<TxnOutcome>;
  /** 3.3.4 */
  withdrawalStatus(ref: string): Promise<TxnOutcome>;

  /** 3.4.1 internal: from a user's (or the merchant's) available balance to another's */
  transfer(t: { from: PartyRef; to: PartyRef; amount: string; purpose: string; password: TypedPassword | null }): Promise<TxnOutcome>;

  /** 3.7.1: from one original payee, per original method */
  refund(orderRef: string, payer: string, r: { payee: PartyRef; amount: string; methods: { method: string; amount: string }[] }): Promise<TxnOutcome>;
  /** 3.7.2 */
  refundStatus(ref: string): Promise<TxnOutcome>;

  /** Notifications about one of the merchant's references (txn_seqno, refund_seqno), oldest first. */
  notificationsOf(ref: string): Promise<ReceivedNotification[]>;
}

export type IntegrationFactory = (env: IntegrationEnv) => MerchantIntegration | Promise<MerchantIntegration>;

/**
 * Every operation of MerchantIntegration and the group it belongs to, as README's "Plug in your
 * own integration" lists them. The harness uses it to name an operation an integrator's module
 * lacks ("the integration does not implement …") rather than fail with a TypeError.
 */
export const OPERATIONS: Record<Exclude<keyof MerchantIntegration, 'name' | 'rechargeUrl'>, string> = {
  start: 'lifecycle',
  stop: 'lifecycle',
  sendRegPhoneCode: '标准开户 (personal)',
  verifyRegPhoneCode: '标准开户 (personal)',
  applyPersonalAccount: '标准开户 (personal)',
  confirmPersonalAccount: '标准开户 (personal)',
  userState: '标准开户 (personal)',
  balances: '标准开户 (personal)',
  notificationsAbout: '标准开户 (personal)',
  applyEnterpriseAccount: '标准开户 (enterprise)',
  uploadPhotos: '标准开户 (enterprise)',
  applyBindCard: 'cards',
  confirmBindCard: 'cards',
  cards: 'cards',
  unbindCard: 'cards',
  changeEnterpriseAccount: 'cards',
  applyChangeCardPhone: 'phones and closing',
  confirmChangeCardPhone: 'phones and closing',
  applyChangeRegPhone: 'phones and closing',
  confirmChangeRegPhone: 'phones and closing',
  closeAccount: 'phones and closing',
  changePassword: 'passwords',
  applyFindPassword: 'passwords',
  confirmFindPassword: 'passwords',
  validatePassword: 'passwords',
  statement: 'statements',
  statementLine: 'statements',
  createOrder: 'payments',
  payWithBalance: 'payments',
  payWithCard: 'payments',
  payWithGateway: 'payments',
  confirmSms: 'payments',
  paymentStatus: 'payments',
  closeOrder: 'payments',
  notificationsOf: 'payments',
  confirmSecured: 'secured confirmation',
  securedStatus: 'secured confirmation',
  withdraw: 'withdrawals',
  checkWithdrawal: 'withdrawals',
  withdrawalStatus: 'withdrawals',
  transfer: 'transfers',
  refund: 'refunds',
  refundStatus: 'refunds',
};
