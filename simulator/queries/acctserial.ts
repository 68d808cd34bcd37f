// acctmgr v1.4 §3.17 资金流水查询: query-acctserial lists an account's statement lines (the ledger's
// entries) in a date range, a page at a time, with the range's totals in and out;
// query-acctserialdetail shows one line with its counterpart. For a user, or for the merchant's
// own accounts when no user_id is sent (merchant-requirements.txt 一.1 明细查询: 个人用户、企业用户、
// 商户资金流水明细都可以通过该接口查询).
import type { Context } from '../domain/context.js';
import type { Account, AcctType, Entry } from '../domain/model.js';
import { AccpError, badField } from '../domain/errors.js';
import type { View } from '../domain/state.js';
import { keys } from '../domain/state.js';
import { accountOf, userOwner } from '../ledger/accounts.js';
import { fenToYuan } from '../protocol/money.js';
import { formatStamp, parseStamp } from '../world/clock.js';

type UserTypeQ = 'INNERMERCHANT' | 'INNERUSER' | 'INNERCOMPANY';

export interface QueryAcctSerial {
  oid_partner: string;
  user_id?: string;
  user_type: UserTypeQ;
  acct_type: AcctType;
  date_start: string;
  date_end: string;
  flag_dc?: 'DEBIT' | 'CREDIT';
  page_no: number | string;
  page_size: number | string;
  sort_type?: 'DESC' | 'ASC';
}

export interface QueryAcctSerialDetail {
  oid_partner: string;
  user_id?: string;
  user_type: UserTypeQ;
  jno_acct: string;
}

/** Whose accounts a query is about: a user of the merchant, or the merchant itself. */
function ownerOf(view: View, req: { oid_partner: string; user_id?: string; user_type: UserTypeQ }): { kind: 'USER' | 'MERCHANT'; owner: string } {
  if (req.user_id === undefined) {
    if (req.user_type !== 'INNERMERCHANT') throw badField('user_id', '不能为空（user_type 不是 INNERMERCHANT）');
    return { kind: 'MERCHANT', owner: req.oid_partner };
  }
  const user = view.get('users', keys.user(req.oid_partner, req.user_id));
  if (!user) throw new AccpError('2003', undefined, 'no such user for this merchant');
  if (req.user_type !== user.user_type) throw new AccpError('2014', undefined, `user is not ${req.user_type}`);
  return { kind: 'USER', owner: userOwner(req.oid_partner, req.user_id) };
}

/** How far past the simulator's clock a date may lie and still be "now": the 30 minutes a timestamp may be off (§2, rules/request.json), for clients' clocks differ. */
const CLOCK_SKEW_MS = 30 * 60_000;

/** A statement line shows what moved the balance; a pure freeze or release moves none. */
function onStatement(e: Readonly<Entry>): boolean {
  return e.amt !== 0;
}

function line(e: Readonly<Entry>) {
  return {
    date_acct: e.date_acct,
    oid_acctno: e.oid_acctno,
    jno_acct: e.jno_acct,
    accp_txno: e.accp_txno,
    txn_type: e.txn_type,
    ...(e.product_code ? { product_code: e.product_code } : {}),
    txn_time: formatStamp(e.txn_time),
    flag_dc: e.flag_dc,
    amt: fenToYuan(Math.abs(e.amt)),
    amt_bal: fenToYuan(e.amt_bal),
    ...(e.memo ? { memo: e.memo } : {}),
  };
}

/** §3.17.1 资金流水列表查询 */
export async function queryAcctSerial(ctx: Context, req: QueryAcctSerial) {
  const start = parseStamp(req.date_start);
  const end = parseStamp(req.date_end);
  if (start === null) throw badField('date_start', '不是有效的 yyyyMMddHHmmss 时间');
  if (end === null) throw badField('date_end', '不是有效的 yyyyMMddHHmmss 时间');
  // "小于等于当前时间", give or take the clock difference §2 allows a timestamp (docs/decisions.md)
  const latest = ctx.clock.now() + CLOCK_SKEW_MS;
  if (start > latest) throw badField('date_start', '必须小于等于当前时间');
  if (end > latest) throw badField('date_end', '必须小于等于当前时间');
  if (end < start) throw badField('date_end', '必须大于等于开始时间');
  const pageNo = Number(req.page_no);
  const pageSize = Number(req.page_size);
  const result = await ctx.state.read((v) => {
    const who = ownerOf(v, req);
    const account = accountOf(v, who.kind, who.owner, req.acct_type);
    if (!account) return null;
    const lines = v
      .find('entries', 'byAccount', account.oid_acctno)
      .filter((e) => onStatement(e) && e.txn_time >= start && e.txn_time <= end + 999 && (!req.flag_dc || e.flag_dc === req.flag_dc));
    return { account, lines };
  });
  if (!result) throw new AccpError('2004', undefined, `no ${req.acct_type} account for this ${req.user_id ? 'user' : 'merchant'}`);
  const { lines } = result;
  let totalIn = 0;
  let totalOut = 0;
  for (const e of lines) {
    if (e.amt > 0) totalIn += e.amt;
    else totalOut -= e.amt;
  }
  // Entries are kept in the order they were written: that is time order.
  const ordered = req.sort_type === 'ASC' ? lines : [...lines].reverse();
  const page = ordered.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  return {
    oid_partner: req.oid_partner,
    ...(req.user_id !== undefined ? { user_id: req.user_id } : {}),
    page_no: pageNo,
    total_out_amt: fenToYuan(totalOut),
    total_in_amt: fenToYuan(totalIn),
    total_num: lines.length,
    total_page: Math.ceil(lines.length / pageSize),
    acctbal_list: page.map(line),
  };
}

/** §3.17.2 资金流水详情查询 */
export async function queryAcctSerialDetail(ctx: Context, req: QueryAcctSerialDetail) {
  const found = await ctx.state.read((v) => {
    const who = ownerOf(v, req);
    const entry = v.get('entries', req.jno_acct);
    const account = entry ? v.get('accounts', entry.oid_acctno) : undefined;
    if (!entry || !account || account.owner_kind !== who.kind || account.owner !== who.owner || !onStatement(entry)) return null;
    const other = entry.other_acctno ? v.get('accounts', entry.other_acctno) : undefined;
    return { entry, other, otherName: other ? ownerName(v, other) : undefined };
  });
  if (!found) throw new AccpError('1011', undefined, 'no such statement line of this owner');
  const { entry, other, otherName } = found;
  return {
    oid_partner: req.oid_partner,
    ...line(entry),
    ...(entry.txn_seqno ? { txn_seqno: entry.txn_seqno } : {}),
    ...(other ? { other_acct: other.oid_acctno } : {}),
    ...(otherName ? { other_acct_name: otherName } : {}),
  };
}

const CHANNEL_NAMES: Record<string, string> = { BANK: '银行', WECHAT: '微信支付', ALIPAY: '支付宝', EBANK: '网银', OFFLINE: '线下转账' };

function ownerName(v: View, a: Readonly<Account>): string | undefined {
  if (a.owner_kind === 'CLEARING') return CHANNEL_NAMES[a.owner];
  if (a.owner_kind === 'MERCHANT') return v.get('merchants', a.owner)?.name;
  return v.get('users', a.owner)?.user_name;
}
