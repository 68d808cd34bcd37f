// The account-management endpoint schemas written from acctmgr-api-v1.4 §3.4–§3.21: for each
// endpoint a minimal valid request, requests refused with the dotted path of the bad field,
// a valid success response and one missing a required field, and a valid notification body.
import { describe, expect, it } from 'vitest';
import { schemasDir } from '../paths.js';
import { SchemaRegistry, type FieldError } from './validation.js';
import { ACCP_TXNO, badFormat, change, missing, NOTIFY, notIn, PARTNER, PASSWORD, RANDOM_KEY, SEQ, TOKEN, tooLong, TS, USER, type Body } from './schema-cases.js';

const registry = new SchemaRegistry(schemasDir);



const base = { timestamp: TS, oid_partner: PARTNER, user_id: USER };
const txn = { ...base, txn_seqno: SEQ, txn_time: TS, notify_url: NOTIFY };
const echo = { ret_code: '0000', ret_msg: '交易成功', oid_partner: PARTNER, user_id: USER };
const echoTxn = { ...echo, txn_seqno: SEQ };
const notified = { oid_partner: PARTNER, user_id: USER, txn_seqno: SEQ, accp_txno: ACCP_TXNO };

interface Case {
  request: Body;
  /** [what is wrong, the refused body, the error] */
  invalid: Array<[string, Body, FieldError]>;
  response: Body;
  /** a field of `response` whose absence the response schema refuses */
  responseRequired: string;
  notification?: Body;
}

function enterpriseOpen(): Body {
  return {
    ...txn,
    basicInfo: {
      reg_phone: '13800138000',
      user_name: '某某有限公司',
      id_type: 'UNIFIED_SOCIAL_CREDIT_CODE',
      id_no: '91430111MA4L16JQ9B',
      id_exp: '99991231',
      address: '湖南省长沙市岳麓区某某街道 1 号',
      reg_email: 'finance@example.com',
      password: PASSWORD,
      random_key: RANDOM_KEY,
    },
    linkedAcctInfo: { linked_acctno: '1904661219000000001', linked_bankcode: '01030000', linked_brbankno: '103551000012', linked_acctname: '某某有限公司' },
    legalreptInfo: { legalrept_name: '张三', legalrept_phone: '13800138001', legalrept_idno: '11010519491231002X', legalrept_idexp: '20301231' },
    contactsInfo: { contacts_name: '李四', contacts_phone: '13800138002' },
    basicAcctInfo: { basicacct_bankcode: '01030000', basicacct_no: '1929030200000001' },
  };
}

const remittance = {
  payee_acctno: '6216261000000000018',
  payee_name: '连连银通电子支付有限公司',
  payee_amt: 0.37,
  payee_bankcode: '01020000',
  payee_bankname: '中国工商银行',
  payee_deadline: '20261203',
};

const CASES: Record<string, Case> = {
  'openacct-apply-enterprise': {
    request: enterpriseOpen(),
    invalid: [
      ['no legalreptInfo.legalrept_idno', change(enterpriseOpen(), 'legalreptInfo.legalrept_idno'), missing('legalreptInfo.legalrept_idno')],
      ['no contactsInfo', change(enterpriseOpen(), 'contactsInfo'), missing('contactsInfo')],
      ['no basicInfo.reg_email', change(enterpriseOpen(), 'basicInfo.reg_email'), missing('basicInfo.reg_email')],
      ['id_type ID_CARD', change(enterpriseOpen(), 'basicInfo.id_type', 'ID_CARD'), notIn('basicInfo.id_type', ['UNIFIED_SOCIAL_CREDIT_CODE'])],
      ['linked_brbankno of 13', change(enterpriseOpen(), 'linkedAcctInfo.linked_brbankno', '1'.repeat(13)), tooLong('linkedAcctInfo.linked_brbankno', 12)],
      ['basicacct_bankcode of 9', change(enterpriseOpen(), 'basicAcctInfo.basicacct_bankcode', '1'.repeat(9)), tooLong('basicAcctInfo.basicacct_bankcode', 8)],
      ['bad contacts_phone', change(enterpriseOpen(), 'contactsInfo.contacts_phone', '2380013800'), badFormat('contactsInfo.contacts_phone')],
      ['bad legalrept_idexp', change(enterpriseOpen(), 'legalreptInfo.legalrept_idexp', '2030-12-31'), badFormat('legalreptInfo.legalrept_idexp')],
      ['legalrept_idexp 31 April', change(enterpriseOpen(), 'legalreptInfo.legalrept_idexp', '20300431'), { field: 'legalreptInfo.legalrept_idexp', reason: '不是有效的 yyyyMMdd 日期' }],
      ['id_exp month 13', change(enterpriseOpen(), 'basicInfo.id_exp', '20301301'), { field: 'basicInfo.id_exp', reason: '不是有效的 yyyyMMdd 日期' }],
      ['txn_time 30 February', change(enterpriseOpen(), 'txn_time', '20260230120000'), { field: 'txn_time', reason: '不是有效的 yyyyMMddHHmmss 时间' }],
      ['scale of 171', change(enterpriseOpen(), 'businessInfo', { scale: 'x'.repeat(171) }), tooLong('businessInfo.scale', 170)],
    ],
    response: { ...echoTxn, accp_txno: ACCP_TXNO, oid_userno: '2018051800000000', user_status: 'CHECK_PENDING' },
    responseRequired: 'txn_seqno',
    notification: {
      ...notified,
      oid_userno: '2018051800000000',
      user_status: 'REMITTANCE_VALID_PENDING',
      linked_agrtno: 'AGRT-1',
      remittanceValidInfo: remittance,
    },
  },
  'individual-bindcard-apply': {
    request: { ...txn, linked_acctno: '6222020000004321006', linked_phone: '13800138000', password: PASSWORD, random_key: RANDOM_KEY },
    invalid: [
      ['no linked_phone', { ...txn, linked_acctno: '6222020000004321006', password: PASSWORD }, missing('linked_phone')],
      ['no password', { ...txn, linked_acctno: '6222020000004321006', linked_phone: '13800138000' }, missing('password')],
      ['linked_acctno of 33', { ...txn, linked_acctno: '6'.repeat(33), linked_phone: '13800138000', password: PASSWORD }, tooLong('linked_acctno', 32)],
    ],
    response: { ...echoTxn, accp_txno: ACCP_TXNO, token: TOKEN },
    responseRequired: 'user_id',
  },
  'individual-bindcard-verify': {
    request: { ...base, txn_seqno: SEQ, token: TOKEN, verify_code: '000000' },
    invalid: [
      ['no verify_code', { ...base, txn_seqno: SEQ, token: TOKEN }, missing('verify_code')],
      ['token of 33', { ...base, txn_seqno: SEQ, token: 'T'.repeat(33), verify_code: '000000' }, tooLong('token', 32)],
    ],
    response: { ...echoTxn, accp_txno: ACCP_TXNO, linked_agrtno: 'AGRT-1' },
    responseRequired: 'txn_seqno',
    notification: { ...notified, action: 'LINKEDACCT_IND', result: 'SUCCESS', linked_agrtno: 'AGRT-1' },
  },
  'enterprise-changecard-apply': {
    request: { ...txn, linked_acctno: '1904661219000000002', linked_bankcode: '01030000', linked_brbankno: '103551000012', linked_acctname: '某某有限公司', password: PASSWORD },
    invalid: [
      ['no linked_acctname', { ...txn, linked_acctno: '1904661219000000002', linked_bankcode: '01030000', linked_brbankno: '103551000012', password: PASSWORD }, missing('linked_acctname')],
      [
        'linked_bankcode of 9',
        { ...txn, linked_acctno: '1904661219000000002', linked_bankcode: '010300001', linked_brbankno: '103551000012', linked_acctname: '某某有限公司', password: PASSWORD },
        tooLong('linked_bankcode', 8),
      ],
    ],
    response: { ...echoTxn, accp_txno: ACCP_TXNO, linked_agrtno: 'AGRT-2' },
    responseRequired: 'oid_partner',
    notification: { ...notified, action: 'LINKEDACCT_CHANGE_ENPR', result: 'REMITTANCE_VALID_PENDING', remittanceValidInfo: remittance },
  },
  'unlinkedacct-ind-apply': {
    request: { ...txn, linked_acctno: '6222020000004321006', password: PASSWORD },
    invalid: [
      ['no linked_acctno', { ...txn, password: PASSWORD }, missing('linked_acctno')],
      ['no txn_time', change({ ...txn, linked_acctno: '6222020000004321006', password: PASSWORD }, 'txn_time'), missing('txn_time')],
    ],
    response: { ...echoTxn, accp_txno: ACCP_TXNO },
    responseRequired: 'txn_seqno',
    notification: { ...notified, action: 'UNLINKEDACCT_IND', result: 'SUCCESS' },
  },
  'change-linkedphone-apply': {
    request: { ...txn, linked_agrtno: 'AGRT-1', new_linked_phone: '13900139000' },
    invalid: [
      ['no new_linked_phone', { ...txn, linked_agrtno: 'AGRT-1' }, missing('new_linked_phone')],
      ['bad new_linked_phone', { ...txn, linked_agrtno: 'AGRT-1', new_linked_phone: '1390013900' }, badFormat('new_linked_phone')],
      ['linked_agrtno of 33', { ...txn, linked_agrtno: 'A'.repeat(33), new_linked_phone: '13900139000' }, tooLong('linked_agrtno', 32)],
    ],
    response: { ...echoTxn, accp_txno: ACCP_TXNO, token: TOKEN },
    responseRequired: 'ret_msg',
  },
  'change-linkedphone-verify': {
    request: { ...base, txn_seqno: SEQ, token: TOKEN, verify_code_new: '123456' },
    invalid: [
      ['no verify_code_new', { ...base, txn_seqno: SEQ, token: TOKEN }, missing('verify_code_new')],
      ['verify_code_new of 21', { ...base, txn_seqno: SEQ, token: TOKEN, verify_code_new: '1'.repeat(21) }, tooLong('verify_code_new', 20)],
    ],
    response: { ...echoTxn, accp_txno: ACCP_TXNO },
    responseRequired: 'user_id',
    notification: { ...notified, result: 'SUCCESS' },
  },
  'change-regphone-apply': {
    request: { ...txn, reg_phone: '13800138000', reg_phone_new: '13900139000', password: PASSWORD, random_key: RANDOM_KEY },
    invalid: [
      ['no reg_phone_new', { ...txn, reg_phone: '13800138000', password: PASSWORD }, missing('reg_phone_new')],
      ['bad reg_phone', { ...txn, reg_phone: '138001380001', reg_phone_new: '13900139000', password: PASSWORD }, badFormat('reg_phone')],
    ],
    response: { ...echoTxn, token: TOKEN },
    responseRequired: 'txn_seqno',
  },
  'change-regphone-verify': {
    request: { ...base, txn_seqno: SEQ, token: TOKEN, verify_code_new: '123456' },
    invalid: [
      ['no token', { ...base, txn_seqno: SEQ, verify_code_new: '123456' }, missing('token')],
      ['txn_seqno of 65', { ...base, txn_seqno: 'S'.repeat(65), token: TOKEN, verify_code_new: '123456' }, tooLong('txn_seqno', 64)],
    ],
    response: { ...echoTxn },
    responseRequired: 'oid_partner',
    notification: { ...notified, result: 'SUCCESS' },
  },
  'cancel-apply': {
    request: { ...txn, user_name: '张三', id_type: 'ID_CARD', id_no: '11010519491231002X', reg_phone: '13800138000', password: PASSWORD, random_key: RANDOM_KEY },
    invalid: [
      ['no id_no', { ...txn, user_name: '张三', id_type: 'ID_CARD', reg_phone: '13800138000', password: PASSWORD }, missing('id_no')],
      [
        'id_type PASSPORT',
        { ...txn, user_name: '张三', id_type: 'PASSPORT', id_no: '11010519491231002X', reg_phone: '13800138000', password: PASSWORD },
        notIn('id_type', ['ID_CARD', 'UNIFIED_SOCIAL_CREDIT_CODE']),
      ],
      [
        'user_name of 86',
        { ...txn, user_name: '张'.repeat(86), id_type: 'ID_CARD', id_no: '11010519491231002X', reg_phone: '13800138000', password: PASSWORD },
        tooLong('user_name', 85),
      ],
    ],
    response: { ...echoTxn, accp_txno: ACCP_TXNO },
    responseRequired: 'user_id',
    notification: { ...notified, result: 'SUCCESS' },
  },
  'change-password': {
    request: { ...base, password: PASSWORD, random_key: RANDOM_KEY, password_new: PASSWORD },
    invalid: [
      ['no password_new', { ...base, password: PASSWORD, random_key: RANDOM_KEY }, missing('password_new')],
      ['no password', { ...base, password_new: PASSWORD }, missing('password')],
      ['user_id of 65', { ...base, user_id: 'u'.repeat(65), password: PASSWORD, password_new: PASSWORD }, tooLong('user_id', 64)],
    ],
    response: { ...echo },
    responseRequired: 'user_id',
  },
  'find-password-apply': {
    request: { ...base, linked_acctno: '6222020000004321006' },
    invalid: [
      ['no user_id', { timestamp: TS, oid_partner: PARTNER }, missing('user_id')],
      ['linked_acctno of 33', { ...base, linked_acctno: '6'.repeat(33) }, tooLong('linked_acctno', 32)],
    ],
    response: { ...echo, token: TOKEN, reg_phone: '183****5737' },
    responseRequired: 'oid_partner',
  },
  'find-password-verify': {
    request: { ...base, token: TOKEN, verify_code: '123456', password: PASSWORD, random_key: RANDOM_KEY },
    invalid: [
      ['no verify_code', { ...base, token: TOKEN, password: PASSWORD }, missing('verify_code')],
      ['no password', { ...base, token: TOKEN, verify_code: '123456' }, missing('password')],
      ['verify_code of 21', { ...base, token: TOKEN, verify_code: '1'.repeat(21), password: PASSWORD }, tooLong('verify_code', 20)],
    ],
    response: { ...echo },
    responseRequired: 'ret_code',
  },
  'query-linkedacct': {
    request: { ...base },
    invalid: [
      ['no user_id', { timestamp: TS, oid_partner: PARTNER }, missing('user_id')],
      ['oid_partner of 19', { ...base, oid_partner: '2'.repeat(19) }, tooLong('oid_partner', 18)],
    ],
    response: {
      ...echo,
      linked_acctlist: [
        { linked_acctno: '6222020000004321006', linked_phone: '13800138000', linked_agrtno: 'AGRT-1' },
        { linked_acctno: '1904661219000000001', linked_bankcode: '01030000', linked_brbankno: '103551000012', linked_brbankname: '某某支行' },
      ],
    },
    responseRequired: 'user_id',
  },
  'query-acctserial': {
    request: { timestamp: TS, oid_partner: PARTNER, user_type: 'INNERMERCHANT', acct_type: 'MCHOWN_AVAILABLE', date_start: '20261101000000', date_end: TS, page_no: 1, page_size: 10 },
    invalid: [
      ['no acct_type', { timestamp: TS, oid_partner: PARTNER, user_type: 'INNERMERCHANT', date_start: '20261101000000', date_end: TS, page_no: 1, page_size: 10 }, missing('acct_type')],
      ['no page_size', { timestamp: TS, oid_partner: PARTNER, user_type: 'INNERMERCHANT', acct_type: 'MCHOWN_AVAILABLE', date_start: '20261101000000', date_end: TS, page_no: 1 }, missing('page_size')],
      [
        'acct_type BANKCARD_DEBIT',
        { timestamp: TS, oid_partner: PARTNER, user_type: 'INNERMERCHANT', acct_type: 'BANKCARD_DEBIT', date_start: '20261101000000', date_end: TS, page_no: 1, page_size: 10 },
        notIn('acct_type', ['USEROWN_PSETTLE', 'USEROWN_AVAILABLE', 'MCHOWN_PSETTLE', 'MCHOWN_AVAILABLE', 'MCHASSURE_PSETTLE', 'MCHASSURE_AVAILABLE', 'MCHCOUPON_PSETTLE', 'MCHCOUPON_AVAILABLE', 'MCHFEE_PSETTLE', 'MCHFEE_AVAILABLE']),
      ],
      [
        'user_type INDIVIDUAL',
        { timestamp: TS, oid_partner: PARTNER, user_type: 'INDIVIDUAL', acct_type: 'USEROWN_AVAILABLE', date_start: '20261101000000', date_end: TS, page_no: 1, page_size: 10 },
        notIn('user_type', ['INNERMERCHANT', 'INNERUSER', 'INNERCOMPANY']),
      ],
      [
        'sort_type desc',
        { timestamp: TS, oid_partner: PARTNER, user_type: 'INNERMERCHANT', acct_type: 'MCHOWN_AVAILABLE', date_start: '20261101000000', date_end: TS, page_no: 1, page_size: 10, sort_type: 'desc' },
        notIn('sort_type', ['DESC', 'ASC']),
      ],
      [
        'flag_dc IN',
        { timestamp: TS, oid_partner: PARTNER, user_type: 'INNERMERCHANT', acct_type: 'MCHOWN_AVAILABLE', date_start: '20261101000000', date_end: TS, page_no: 1, page_size: 10, flag_dc: 'IN' },
        notIn('flag_dc', ['DEBIT', 'CREDIT']),
      ],
      [
        'date_end of 8 digits',
        { timestamp: TS, oid_partner: PARTNER, user_type: 'INNERMERCHANT', acct_type: 'MCHOWN_AVAILABLE', date_start: '20261101000000', date_end: '20261126', page_no: 1, page_size: 10 },
        badFormat('date_end'),
      ],
      [
        'user_id of 65',
        { timestamp: TS, oid_partner: PARTNER, user_id: 'u'.repeat(65), user_type: 'INNERUSER', acct_type: 'USEROWN_AVAILABLE', date_start: '20261101000000', date_end: TS, page_no: 1, page_size: 10 },
        tooLong('user_id', 64),
      ],
    ],
    response: {
      ret_code: '0000',
      ret_msg: '交易成功',
      oid_partner: PARTNER,
      page_no: 1,
      total_out_amt: '0.00',
      total_in_amt: '150.00',
      total_num: 1,
      total_page: 1,
      acctbal_list: [
        {
          date_acct: '20261126',
          oid_acctno: 'A0001',
          jno_acct: 'J0001',
          accp_txno: ACCP_TXNO,
          txn_type: 'MCH_TOPUP',
          product_code: 'DEPOSIT_API',
          txn_time: TS,
          flag_dc: 'CREDIT',
          amt: '150.00',
          amt_bal: '150.00',
          memo: '充值',
        },
      ],
    },
    responseRequired: 'total_page',
  },
  'query-acctserialdetail': {
    request: { timestamp: TS, oid_partner: PARTNER, user_type: 'INNERMERCHANT', jno_acct: 'J0001' },
    invalid: [
      ['no jno_acct', { timestamp: TS, oid_partner: PARTNER, user_type: 'INNERMERCHANT' }, missing('jno_acct')],
      ['no user_type', { timestamp: TS, oid_partner: PARTNER, jno_acct: 'J0001' }, missing('user_type')],
      ['jno_acct of 21', { timestamp: TS, oid_partner: PARTNER, user_type: 'INNERMERCHANT', jno_acct: 'J'.repeat(21) }, tooLong('jno_acct', 20)],
    ],
    response: {
      ret_code: '0000',
      ret_msg: '交易成功',
      oid_partner: PARTNER,
      date_acct: '20261126',
      oid_acctno: 'A0001',
      jno_acct: 'J0001',
      txn_seqno: SEQ,
      accp_txno: ACCP_TXNO,
      txn_type: 'GENERAL_CONSUME',
      product_code: 'CONSUMPTION_API',
      other_acct: 'A0002',
      other_acct_name: '张三',
      txn_time: TS,
      flag_dc: 'DEBIT',
      amt: '10.00',
      amt_bal: '140.00',
      memo: '消费',
    },
    responseRequired: 'oid_partner',
  },
  'query-txn': {
    request: { timestamp: TS, oid_partner: PARTNER, txn_seqno: SEQ },
    invalid: [
      ['no txn_seqno', { timestamp: TS, oid_partner: PARTNER }, missing('txn_seqno')],
      ['bad timestamp', { timestamp: '2026112612000', oid_partner: PARTNER, txn_seqno: SEQ }, badFormat('timestamp')],
    ],
    response: { ret_code: '0000', ret_msg: '交易成功', oid_partner: PARTNER, txn_seqno: SEQ, accp_txno: ACCP_TXNO, busi_type: 'TideCard', status: 'SUCCESS' },
    responseRequired: 'txn_seqno',
  },
  'query-cnapscode': {
    request: { timestamp: TS, oid_partner: PARTNER, bank_code: '01030000', brabank_name: '长沙', city_code: '430100' },
    invalid: [
      ['no city_code', { timestamp: TS, oid_partner: PARTNER, bank_code: '01030000', brabank_name: '长沙' }, missing('city_code')],
      ['no brabank_name', { timestamp: TS, oid_partner: PARTNER, bank_code: '01030000', city_code: '430100' }, missing('brabank_name')],
      ['city_code of 7', { timestamp: TS, oid_partner: PARTNER, bank_code: '01030000', brabank_name: '长沙', city_code: '4301001' }, tooLong('city_code', 6)],
      ['bank_code of 9', { timestamp: TS, oid_partner: PARTNER, bank_code: '010300001', brabank_name: '长沙', city_code: '430100' }, tooLong('bank_code', 8)],
    ],
    response: { ret_code: '0000', ret_msg: '交易成功', bank_code: '01030000', card_list: [{ cnaps_code: '103551000012', brabank_name: '中国农业银行长沙某某支行' }] },
    responseRequired: 'bank_code',
  },
  'upload-photos': {
    request: { ...base, id_emblem: 'aGVsbG8=', id_portrait: 'aGVsbG8=', id_filetype: 'jpg' },
    invalid: [
      ['no id_portrait', { ...base, id_emblem: 'aGVsbG8=', id_filetype: 'jpg' }, missing('id_portrait')],
      ['no id_filetype', { ...base, id_emblem: 'aGVsbG8=', id_portrait: 'aGVsbG8=' }, missing('id_filetype')],
      ['id_filetype JPG', { ...base, id_emblem: 'aGVsbG8=', id_portrait: 'aGVsbG8=', id_filetype: 'JPG' }, notIn('id_filetype', ['bmp', 'png', 'jpeg', 'jpg', 'gif'])],
      [
        'unified_code_filetype pdf',
        { ...base, id_emblem: 'aGVsbG8=', id_portrait: 'aGVsbG8=', id_filetype: 'png', unified_code: 'aGVsbG8=', unified_code_filetype: 'pdf' },
        notIn('unified_code_filetype', ['bmp', 'png', 'jpeg', 'jpg', 'gif']),
      ],
    ],
    response: { ...echo },
    responseRequired: 'user_id',
  },
  'validate-password': {
    request: { ...base, random_key: RANDOM_KEY, password: PASSWORD },
    invalid: [
      ['no password', { ...base, random_key: RANDOM_KEY }, missing('password')],
      ['no oid_partner', { timestamp: TS, user_id: USER, password: PASSWORD }, missing('oid_partner')],
    ],
    response: { ...echo },
    responseRequired: 'oid_partner',
  },
};

describe('acctmgr endpoint schemas', () => {
  it('registers every endpoint', () => {
    const names = registry.names();
    for (const name of Object.keys(CASES)) expect(names).toContain(`acctmgr/${name}`);
  });

  for (const [name, c] of Object.entries(CASES)) {
    const endpoint = `acctmgr/${name}`;
    describe(name, () => {
      it('accepts a minimal valid request unchanged', () => {
        expect(registry.checkRequest(endpoint, c.request)).toEqual({ ok: true, value: c.request });
      });

      for (const [what, body, error] of c.invalid) {
        it(`refuses a request with ${what}`, () => {
          expect(registry.checkRequest(endpoint, body)).toEqual({ ok: false, error });
        });
      }

      it('accepts a success response and refuses one without a required field', () => {
        expect(registry.checkResponse(endpoint, c.response)).toBeNull();
        expect(registry.checkResponse(endpoint, change(c.response, c.responseRequired))).toEqual(missing(c.responseRequired));
      });

      if (c.notification) {
        const notification = c.notification;
        it('accepts a notification body', () => {
          expect(registry.checkNotification(endpoint, notification)).toBeNull();
        });
      }
    });
  }

  it('has a notification schema exactly where the spec defines 异步通知', () => {
    for (const [name, c] of Object.entries(CASES)) {
      const endpoint = `acctmgr/${name}`;
      if (c.notification) expect(() => registry.checkNotification(endpoint, {})).not.toThrow();
      else expect(() => registry.checkNotification(endpoint, {})).toThrow(`no notification schema for ${endpoint}`);
    }
  });
});

describe('random_key is optional although the tables mark it Y', () => {
  const withoutKey: Array<[string, Body]> = [
    ['individual-bindcard-apply', CASES['individual-bindcard-apply']!.request],
    ['enterprise-changecard-apply', CASES['enterprise-changecard-apply']!.request],
    ['unlinkedacct-ind-apply', CASES['unlinkedacct-ind-apply']!.request],
    ['change-regphone-apply', CASES['change-regphone-apply']!.request],
    ['cancel-apply', CASES['cancel-apply']!.request],
    ['change-password', CASES['change-password']!.request],
    ['find-password-verify', CASES['find-password-verify']!.request],
    ['validate-password', CASES['validate-password']!.request],
    ['openacct-apply-enterprise', change(enterpriseOpen(), 'basicInfo.random_key')],
  ];
  for (const [name, body] of withoutKey) {
    it(name, () => {
      expect(registry.checkRequest(`acctmgr/${name}`, change(body, 'random_key')).ok).toBe(true);
    });
  }
});

describe('openacct-apply-enterprise', () => {
  const OPEN = 'acctmgr/openacct-apply-enterprise';

  it('accepts password and random_key inside basicInfo, at the top level, or not at all', () => {
    const top = change(change(enterpriseOpen(), 'basicInfo.password'), 'basicInfo.random_key');
    expect(registry.checkRequest(OPEN, { ...top, password: PASSWORD, random_key: RANDOM_KEY }).ok).toBe(true);
    expect(registry.checkRequest(OPEN, top).ok).toBe(true);
    expect(registry.checkRequest(OPEN, change(enterpriseOpen(), 'basicInfo.password', ''))).toEqual({ ok: true, value: change(enterpriseOpen(), 'basicInfo.password') });
  });

  it('takes every optional field of the table', () => {
    const body = change(change(enterpriseOpen(), 'linkedAcctInfo.linked_brbankname', '某某支行'), 'basicInfo.address', '地'.repeat(85));
    const full = {
      ...body,
      open_sms_flag: 'Y',
      risk_item: '{"frms_ware_category":"2009"}',
      businessInfo: { scale: 'SMALL', industry_code: '173', registered_capital: '1000', business_scope: '软件开发' },
    };
    expect(registry.checkRequest(OPEN, full)).toEqual({ ok: true, value: full });
  });

  it('matches nested keys case-insensitively, as the Go demo sends them', () => {
    const { legalreptInfo, basicAcctInfo, ...rest } = enterpriseOpen();
    const r = registry.checkRequest(OPEN, { ...rest, LegalreptInfo: legalreptInfo, BasicAcctInfo: basicAcctInfo });
    expect(r).toEqual({ ok: true, value: enterpriseOpen() });
  });

  it('accepts a response without oid_userno, user_status and accp_txno', () => {
    expect(registry.checkResponse(OPEN, echoTxn)).toBeNull();
    expect(registry.checkResponse(OPEN, { ...echoTxn, user_status: 'PENDING' })).toEqual(notIn('user_status', ['ACTIVATE_PENDING', 'CHECK_PENDING', 'REMITTANCE_VALID_PENDING', 'NORMAL', 'CANCEL']));
  });

  it('notification: remittanceValidInfo is optional; payee_amt is a number of yuan with two decimals at most', () => {
    const n = CASES['openacct-apply-enterprise']!.notification!;
    expect(registry.checkNotification(OPEN, change(n, 'remittanceValidInfo'))).toBeNull();
    expect(registry.checkNotification(OPEN, change(n, 'remittanceValidInfo.payee_amt', 999999.99))).toBeNull();
    expect(registry.checkNotification(OPEN, change(n, 'remittanceValidInfo.payee_amt', '0.37'))).toEqual({ field: 'remittanceValidInfo.payee_amt', reason: '类型须为 number' });
    expect(registry.checkNotification(OPEN, change(n, 'remittanceValidInfo.payee_amt', 0.375))).toEqual({ field: 'remittanceValidInfo.payee_amt', reason: '须为金额（元），最多两位小数' });
    expect(registry.checkNotification(OPEN, change(n, 'remittanceValidInfo.payee_amt', 1000000))?.field).toBe('remittanceValidInfo.payee_amt');
    expect(registry.checkNotification(OPEN, change(n, 'remittanceValidInfo.payee_deadline', '2026-12-03'))).toEqual(badFormat('remittanceValidInfo.payee_deadline'));
    expect(registry.checkNotification(OPEN, change(n, 'oid_userno'))).toEqual(missing('oid_userno'));
    expect(registry.checkNotification(OPEN, change(n, 'user_status', 'OPEN'))?.field).toBe('user_status');
  });
});

describe('notification enums', () => {
  it('bindcard-verify: action LINKEDACCT_IND, result SUCCESS, linked_agrtno required', () => {
    const V = 'acctmgr/individual-bindcard-verify';
    const n = CASES['individual-bindcard-verify']!.notification!;
    expect(registry.checkNotification(V, change(n, 'linked_agrtno'))).toEqual(missing('linked_agrtno'));
    expect(registry.checkNotification(V, change(n, 'action', 'UNLINKEDACCT_IND'))).toEqual(notIn('action', ['LINKEDACCT_IND']));
    expect(registry.checkNotification(V, change(n, 'result', 'FAILURE'))).toEqual(notIn('result', ['SUCCESS']));
  });

  it('changecard: result SUCCESS or REMITTANCE_VALID_PENDING; linked_agrtno optional', () => {
    const C = 'acctmgr/enterprise-changecard-apply';
    const n = CASES['enterprise-changecard-apply']!.notification!;
    expect(registry.checkNotification(C, { ...change(n, 'remittanceValidInfo'), result: 'SUCCESS', linked_agrtno: 'AGRT-2' })).toBeNull();
    expect(registry.checkNotification(C, change(n, 'result', 'FAILURE'))).toEqual(notIn('result', ['REMITTANCE_VALID_PENDING', 'SUCCESS']));
    expect(registry.checkNotification(C, change(n, 'action', 'LINKEDACCT_IND'))).toEqual(notIn('action', ['LINKEDACCT_CHANGE_ENPR']));
  });

  it('unlink, linked phone, registered phone, cancel: result SUCCESS and accp_txno required', () => {
    for (const name of ['unlinkedacct-ind-apply', 'change-linkedphone-verify', 'change-regphone-verify', 'cancel-apply']) {
      const n = CASES[name]!.notification!;
      expect(registry.checkNotification(`acctmgr/${name}`, change(n, 'result', 'FAIL'))).toEqual(notIn('result', ['SUCCESS']));
      expect(registry.checkNotification(`acctmgr/${name}`, change(n, 'accp_txno'))).toEqual(missing('accp_txno'));
    }
    expect(registry.checkNotification('acctmgr/unlinkedacct-ind-apply', change(CASES['unlinkedacct-ind-apply']!.notification!, 'action', 'LINKEDACCT_IND'))).toEqual(
      notIn('action', ['UNLINKEDACCT_IND']),
    );
  });
});

describe('field rules that need more than one body', () => {
  it('change-linkedphone-apply: linked_acctno and linked_agrtno are both optional (二选一 is the service’s check)', () => {
    const A = 'acctmgr/change-linkedphone-apply';
    const body = { ...txn, new_linked_phone: '13900139000' };
    expect(registry.checkRequest(A, body).ok).toBe(true);
    expect(registry.checkRequest(A, { ...body, linked_acctno: '6222020000004321006' }).ok).toBe(true);
  });

  it('find-password-apply: linked_acctno is optional; the masked reg_phone of the response is accepted, a longer one is not', () => {
    const F = 'acctmgr/find-password-apply';
    expect(registry.checkRequest(F, base).ok).toBe(true);
    expect(registry.checkResponse(F, { ...echo })).toBeNull();
    expect(registry.checkResponse(F, { ...echo, reg_phone: '183****57370' })).toEqual(tooLong('reg_phone', 11));
  });

  it('query-acctserial: page_no and page_size take a number or a numeric string; page_size is at most 100', () => {
    const Q = 'acctmgr/query-acctserial';
    const body = CASES['query-acctserial']!.request;
    for (const ok of [{ page_no: '2', page_size: '100' }, { page_no: 3, page_size: 100 }, { page_no: '10', page_size: 1 }]) {
      expect(registry.checkRequest(Q, { ...body, ...ok }).ok).toBe(true);
    }
    expect(registry.checkRequest(Q, { ...body, page_size: '101' })).toEqual({ ok: false, error: badFormat('page_size') });
    expect(registry.checkRequest(Q, { ...body, page_size: '0' })).toEqual({ ok: false, error: badFormat('page_size') });
    expect(registry.checkRequest(Q, { ...body, page_no: 'one' })).toEqual({ ok: false, error: badFormat('page_no') });
    expect(registry.checkRequest(Q, { ...body, page_no: '0' })).toEqual({ ok: false, error: badFormat('page_no') });
    for (const [field, value] of [
      ['page_size', 101],
      ['page_size', 0],
      ['page_no', 0],
    ] as const) {
      const r = registry.checkRequest(Q, { ...body, [field]: value });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.field).toBe(field);
    }
    expect(registry.checkRequest(Q, { ...body, page_no: 1.5 })).toEqual({ ok: false, error: { field: 'page_no', reason: '类型须为 integer,string' } });
  });

  it('query-acctserial response: counts are JSON integers, amounts are text with two decimals', () => {
    const Q = 'acctmgr/query-acctserial';
    const r = CASES['query-acctserial']!.response;
    expect(registry.checkResponse(Q, { ...r, total_num: '1' })).toEqual({ field: 'total_num', reason: '类型须为 integer' });
    expect(registry.checkResponse(Q, { ...r, total_in_amt: 150 })).toEqual({ field: 'total_in_amt', reason: '类型须为 string' });
    expect(registry.checkResponse(Q, { ...r, acctbal_list: [{ amt: '1.5' }] })).toEqual(badFormat('acctbal_list.0.amt'));
    expect(registry.checkResponse(Q, { ...r, acctbal_list: [{ flag_dc: 'IN' }] })).toEqual(notIn('acctbal_list.0.flag_dc', ['DEBIT', 'CREDIT']));
  });

  it('query-txn response: status is CREATE or SUCCESS', () => {
    const base = CASES['query-txn']!.response;
    expect(registry.checkResponse('acctmgr/query-txn', { ...base, status: 'CREATE' })).toBeNull();
    expect(registry.checkResponse('acctmgr/query-txn', { ...base, status: 'FAILURE' })).toEqual(notIn('status', ['CREATE', 'SUCCESS']));
  });

  it('upload-photos: a photo of 4 MiB in Base64 with CRLF line breaks fits; one character more does not', () => {
    const U = 'acctmgr/upload-photos';
    const body = CASES['upload-photos']!.request;
    const fourMiB = 'A'.repeat(5_740_000);
    expect(registry.checkRequest(U, { ...body, id_emblem: fourMiB }).ok).toBe(true);
    expect(registry.checkRequest(U, { ...body, id_portrait: fourMiB + 'A' })).toEqual({ ok: false, error: tooLong('id_portrait', 5_740_000) });
    expect(registry.checkRequest(U, { ...body, unified_code: 'aGVsbG8=', unified_code_filetype: 'gif' }).ok).toBe(true);
  });
});
