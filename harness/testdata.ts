// Test people for the simulator target: zh_CN names from faker, identity numbers that pass
// GB 11643-1999, debit cards that pass Luhn and carry a real BIN of the simulator's bank table,
// phone numbers in the mobile ranges. Each call gives a new person, so scenarios never collide.
import { fakerZH_CN as faker } from '@faker-js/faker';
import type { Company, CorporateAccount, Person, Photos, SpareCard } from './integration.js';
import { idCardCheckChar, luhnCheckDigit, usccCheckChar } from '../simulator/world/identity.js';
import { CNAPS_BRANCHES } from '../simulator/world/cnaps.js';
import { TEST_PHONES } from '../simulator/world/test-values.js';

/** Real county-level address codes (GB/T 2260): 北京东城, 上海黄浦, 广州天河, 深圳南山, 杭州西湖, 成都武侯, 武汉武昌, 西安雁塔 */
const REGIONS = ['110101', '310101', '440106', '440305', '330106', '510107', '420106', '610113'];
const DEBIT_BINS = [
  { bin: '622202', length: 19 },
  { bin: '621700', length: 19 },
  { bin: '622848', length: 19 },
  { bin: '621661', length: 19 },
  { bin: '622588', length: 16 },
];
const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '137', '139', '150', '151', '158', '159', '177', '186', '188', '189', '199'];
const OCCUPATIONS = ['10', '04', '09', '11', '18'];

export function idNumber(birth: Date = faker.date.birthdate({ min: 18, max: 65, mode: 'age' })): string {
  const yyyymmdd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = faker.helpers.arrayElement(REGIONS) + yyyymmdd + faker.string.numeric(3);
  return first17 + idCardCheckChar(first17);
}

export function debitCardNo(): string {
  const { bin, length } = faker.helpers.arrayElement(DEBIT_BINS);
  const partial = bin + faker.string.numeric(length - bin.length - 1);
  return partial + luhnCheckDigit(partial);
}

/** A credit card that passes Luhn, of a bank in the simulator's BIN table (CMB 622575). */
export function creditCardNo(): string {
  const partial = `622575${faker.string.numeric(9)}`;
  return partial + luhnCheckDigit(partial);
}

/** Another card for a simulated person: a debit card, or a credit card with its cvv2 and an expiry some years ahead. */
export function spareCard(type: 'DEBIT' | 'CREDIT'): SpareCard {
  if (type === 'DEBIT') return { cardNo: debitCardNo(), type };
  const month = String(faker.number.int({ min: 1, max: 12 })).padStart(2, '0');
  const year = String((new Date().getFullYear() + faker.number.int({ min: 2, max: 5 })) % 100).padStart(2, '0');
  return { cardNo: creditCardNo(), type, cvv2: faker.string.numeric(3), validThru: `${month}/${year}` };
}

export function mobile(): string {
  for (;;) {
    const phone = faker.helpers.arrayElement(MOBILE_PREFIXES) + faker.string.numeric(8);
    if (!TEST_PHONES.some((p) => p.phone === phone)) return phone;
  }
}

export function newPerson(): Person {
  const phone = mobile();
  return {
    name: faker.person.fullName(),
    idNo: idNumber(),
    idExp: faker.helpers.arrayElement(['99991231', `20${faker.number.int({ min: 30, max: 45 })}0101`]),
    phone,
    occupation: faker.helpers.arrayElement(OCCUPATIONS),
    address: `${faker.location.state()}${faker.location.city()}${faker.location.streetAddress()}`,
    cardNo: debitCardNo(),
    cardPhone: phone,
  };
}

export function userId(): string {
  return `U${faker.string.alphanumeric({ length: 12, casing: 'lower' })}`;
}

// ---- enterprises ---------------------------------------------------------------------------

const ORG_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** A unified social credit code (GB 32100-2015) whose organisation code carries its GB 11714 check character. */
export function creditCode(): string {
  const region = faker.helpers.arrayElement(REGIONS);
  const body = Array.from({ length: 8 }, () => faker.helpers.arrayElement([...'0123456789ABCDEFGHJKLMNPQRTUWXY'])).join('');
  const sum = [...body].reduce((s, c, i) => s + ORG_CHARS.indexOf(c) * ORG_WEIGHTS[i]!, 0);
  const c9 = 11 - (sum % 11);
  const orgCheck = c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
  // 'X' is not in the credit code's character set: draw again rather than emit an invalid code
  if (orgCheck === 'X') return creditCode();
  const first17 = `91${region}${body}${orgCheck}`;
  return first17 + usccCheckChar(first17);
}

/** A corporate account at a real branch (CNAPS number) of the simulator's table. */
export function corporateAccount(acctName: string): CorporateAccount {
  const branch = faker.helpers.arrayElement(CNAPS_BRANCHES.filter((b) => !b.brabank_name.includes('总行') && !b.brabank_name.includes('清算')));
  return { acctNo: faker.string.numeric({ length: 16, allowLeadingZeros: false }), bankCode: branch.bank_code, branchNo: branch.cnaps_code, branchName: branch.brabank_name, acctName };
}

export function newCompany(): Company {
  const name = `${faker.location.city()}${faker.helpers.arrayElement(['科技', '贸易', '供应链', '信息技术', '电子商务'])}有限公司`;
  const rep = newPerson();
  return {
    name,
    creditCode: creditCode(),
    idExp: '99991231',
    phone: mobile(),
    email: `${faker.string.alphanumeric({ length: 8, casing: 'lower' })}@example.com`,
    address: rep.address,
    legalRep: { name: rep.name, phone: rep.phone, idNo: rep.idNo, idExp: rep.idExp },
    contact: { name: faker.person.fullName(), phone: mobile() },
    basicAccount: { bankCode: '01020000', acctNo: faker.string.numeric({ length: 17, allowLeadingZeros: false }) },
    account: corporateAccount(name),
  };
}

/** A 1×1 PNG and a 1×1 JPEG: real images, as small as they come. */
export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
export const JPEG_1X1 = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

export function samplePhotos(): Photos {
  return { idEmblem: { bytes: JPEG_1X1, type: 'jpeg' }, idPortrait: { bytes: JPEG_1X1, type: 'jpeg' }, licence: { bytes: PNG_1X1, type: 'png' } };
}
