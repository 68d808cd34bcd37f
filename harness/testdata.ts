// Test people for the simulator target: zh_CN names from faker, identity numbers that pass
// GB 11643-1999, debit cards that pass Luhn and carry a real BIN of the simulator's bank table,
// phone numbers in the mobile ranges. Each call gives a new person, so scenarios never collide.
import { fakerZH_CN as faker } from '@faker-js/faker';
import type { Person } from './integration.js';
import { idCardCheckChar, luhnCheckDigit } from '../simulator/world/identity.js';
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
