// Real CNAPS (大额支付系统) bank numbers for query-cnapscode (acctmgr v1.4 §3.19): each bank's head office
// and at least one branch in one city. Sources: head-office codes agree across several independent public
// bank lists (gweesin/CNAPS assets/banks.json, a Go "bankutil" bank table, a Java BankNoUtil gateway table,
// a JSP CNAPS comment list, paycq/merchant-registration bank_list.js); branch codes were read in the
// gweesin/CNAPS dataset (packages/core/assets/cnaps.csv, a daily crawl of the CNAPS registry) and, for all
// but one, in at least one more public repository (WeBank repay bank list, payment-channel configs, API docs).
// No code here is invented; a branch whose name changed is given under its current registry name.
// 城市代码 (city_code) is the GB/T 2260 code of the city the branch is in, not the CNAPS city digits.

export interface CnapsBranch {
  /** LianLian 8-digit bank code, e.g. 01020000 for ICBC */
  bank_code: string;
  /** 12-digit CNAPS number */
  cnaps_code: string;
  brabank_name: string;
  /** GB/T 2260 six-digit code of the branch's city, e.g. 110100 北京市, 310100 上海市, 330100 杭州市, 440300 深圳市, 440100 广州市 */
  city_code: string;
}

export const CNAPS_BRANCHES: readonly CnapsBranch[] = [
  // 中国邮政储蓄银行
  { bank_code: '01000000', cnaps_code: '403100000004', brabank_name: '中国邮政储蓄银行总行', city_code: '110100' },
  // Only one public source found for a PSBC branch (a payout-channel table whose other branch codes all
  // match the registry dataset); 403 + 1610 (太原) agrees with the name.
  { bank_code: '01000000', cnaps_code: '403161011006', brabank_name: '中国邮政储蓄银行股份有限公司太原市分行', city_code: '140100' },

  // 中国工商银行
  { bank_code: '01020000', cnaps_code: '102100099996', brabank_name: '中国工商银行总行清算中心', city_code: '110100' },
  // Formerly 中国工商银行股份有限公司北京范家胡同支行 (the name in older API docs); same code.
  { bank_code: '01020000', cnaps_code: '102100020044', brabank_name: '中国工商银行股份有限公司北京福宜范家支行', city_code: '110100' },
  { bank_code: '01020000', cnaps_code: '102584000002', brabank_name: '中国工商银行深圳市分行', city_code: '440300' },

  // 中国农业银行
  { bank_code: '01030000', cnaps_code: '103100000026', brabank_name: '中国农业银行资金清算中心', city_code: '110100' },
  { bank_code: '01030000', cnaps_code: '103100024015', brabank_name: '中国农业银行股份有限公司北京市分行营业部', city_code: '110100' },
  // Formerly 中国农业银行股份有限公司北京兴怀大街分理处; same code.
  { bank_code: '01030000', cnaps_code: '103100015132', brabank_name: '中国农业银行股份有限公司北京兴怀大街支行', city_code: '110100' },
  // 杭州 (330100), the city LianLian's Go SDK demo queries: the provincial branch from the registry
  // dataset; 南阳支行 from it and from a public bank-form filler that names the same code.
  { bank_code: '01030000', cnaps_code: '103331099994', brabank_name: '中国农业银行股份有限公司浙江省分行', city_code: '330100' },
  { bank_code: '01030000', cnaps_code: '103331008567', brabank_name: '中国农业银行股份有限公司杭州南阳支行', city_code: '330100' },

  // 中国银行
  { bank_code: '01040000', cnaps_code: '104100000004', brabank_name: '中国银行总行', city_code: '110100' },
  { bank_code: '01040000', cnaps_code: '104100004013', brabank_name: '中国银行股份有限公司北京市分行', city_code: '110100' },
  { bank_code: '01040000', cnaps_code: '104584000003', brabank_name: '中国银行深圳市分行', city_code: '440300' },

  // 中国建设银行
  { bank_code: '01050000', cnaps_code: '105100000017', brabank_name: '中国建设银行总行', city_code: '110100' },
  { bank_code: '01050000', cnaps_code: '105100023057', brabank_name: '中国建设银行股份有限公司北京百子湾路支行', city_code: '110100' },

  // 交通银行
  { bank_code: '03010000', cnaps_code: '301290000007', brabank_name: '交通银行', city_code: '310100' },
  { bank_code: '03010000', cnaps_code: '301100000015', brabank_name: '交通银行股份有限公司北京市分行', city_code: '110100' },
  { bank_code: '03010000', cnaps_code: '301100000460', brabank_name: '交通银行北京中关村支行', city_code: '110100' },

  // 中信银行
  { bank_code: '03020000', cnaps_code: '302100011000', brabank_name: '中信银行总行管理部', city_code: '110100' },
  { bank_code: '03020000', cnaps_code: '302290031000', brabank_name: '中信银行股份有限公司上海分行', city_code: '310100' },
  { bank_code: '03020000', cnaps_code: '302301032106', brabank_name: '中信银行南京分行', city_code: '320100' },

  // 中国光大银行
  { bank_code: '03030000', cnaps_code: '303100000006', brabank_name: '中国光大银行', city_code: '110100' },
  { bank_code: '03030000', cnaps_code: '303584000004', brabank_name: '中国光大银行股份有限公司深圳分行', city_code: '440300' },

  // 华夏银行
  { bank_code: '03040000', cnaps_code: '304100040000', brabank_name: '华夏银行', city_code: '110100' },
  { bank_code: '03040000', cnaps_code: '304584040898', brabank_name: '华夏银行股份有限公司深圳分行', city_code: '440300' },

  // 中国民生银行
  { bank_code: '03050000', cnaps_code: '305100000013', brabank_name: '中国民生银行总行', city_code: '110100' },
  { bank_code: '03050000', cnaps_code: '305584000002', brabank_name: '中国民生银行股份有限公司深圳分行', city_code: '440300' },

  // 广发银行
  { bank_code: '03060000', cnaps_code: '306581000003', brabank_name: '广发银行股份有限公司', city_code: '440100' },
  { bank_code: '03060000', cnaps_code: '306584001261', brabank_name: '广发银行股份有限公司深圳分行', city_code: '440300' },

  // 平安银行
  { bank_code: '03070000', cnaps_code: '307584007998', brabank_name: '平安银行', city_code: '440300' },
  { bank_code: '03070000', cnaps_code: '307584007980', brabank_name: '平安银行深圳分行', city_code: '440300' },

  // 招商银行
  { bank_code: '03080000', cnaps_code: '308584000013', brabank_name: '招商银行', city_code: '440300' },
  { bank_code: '03080000', cnaps_code: '308584001016', brabank_name: '招商银行深圳分行', city_code: '440300' },

  // 兴业银行
  { bank_code: '03090000', cnaps_code: '309391000011', brabank_name: '兴业银行总行', city_code: '350100' },
  { bank_code: '03090000', cnaps_code: '309584000000', brabank_name: '兴业银行股份有限公司深圳分行', city_code: '440300' },

  // 上海浦东发展银行
  { bank_code: '03100000', cnaps_code: '310290000013', brabank_name: '上海浦东发展银行', city_code: '310100' },
  { bank_code: '03100000', cnaps_code: '310305000013', brabank_name: '上海浦东发展银行苏州分行', city_code: '320500' },
];
