import type { PropertyDetail } from './errors.js';

/** US states, DC, territories and military codes (ISO 3166-2:US subdivisions plus USPS codes). */
const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR UM VI AA AE AP'.split(
    ' ',
  ),
);
const CA_PROVINCES = new Set('AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' '));

/** Countries without a postal-code system, where postalCode may be left out. */
const NO_POSTAL_CODE = new Set(
  'AE AG AN AO AW BF BI BJ BO BS BW BZ CD CF CG CI CK CM DJ DM ER FJ GA GD GH GM GQ GY HK JM KI KM KN KP LC ML MO MR MW NR NU QA RW SB SC SL SR ST SY TD TF TG TK TL TO TT TV UG VU YE ZW'.split(
    ' ',
  ),
);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  try {
    return regionNames.of(code) !== undefined && code !== 'ZZ';
  } catch {
    return false;
  }
}

export interface AddressFields {
  line1: string;
  line2: string | null;
  city: string;
  state: string | null;
  postalCode: string | null;
  country: string;
}

/**
 * The address rules of reference §7.3. Returns one detail per bad property, with a suggestion where
 * the fix is obvious (a lower-case code, a Canadian postal code without its space).
 */
export function checkAddress(address: AddressFields): PropertyDetail[] {
  const details: PropertyDetail[] = [];
  const country = address.country;
  if (!isCountryCode(country)) {
    const upper = country.toUpperCase();
    details.push({
      property: 'country',
      code: 'propertyInvalid',
      message: 'country must be an ISO 3166-1 alpha-2 code such as US.',
      ...(isCountryCode(upper) ? { suggestion: upper } : {}),
    });
    return details;
  }
  const state = address.state;
  const subdivisions = country === 'US' ? US_STATES : country === 'CA' ? CA_PROVINCES : undefined;
  if (subdivisions) {
    if (state === null || state === '') {
      details.push({ property: 'state', code: 'propertyRequired', message: `state is required for addresses in ${country}.` });
    } else if (!subdivisions.has(state)) {
      const upper = state.toUpperCase();
      details.push({
        property: 'state',
        code: 'propertyInvalid',
        message: `state must be a two-letter ISO 3166-2 code of ${country}.`,
        ...(subdivisions.has(upper) ? { suggestion: upper } : {}),
      });
    }
  }
  const postal = address.postalCode;
  if (postal === null || postal === '') {
    if (!NO_POSTAL_CODE.has(country)) {
      details.push({
        property: 'postalCode',
        code: 'propertyRequired',
        message: `postalCode is required for addresses in ${country}.`,
      });
    }
  } else if (country === 'US' && !/^\d{5}(-\d{4})?$/.test(postal)) {
    const digits = postal.replace(/\D/g, '');
    details.push({
      property: 'postalCode',
      code: 'propertyInvalid',
      message: 'postalCode must be a US ZIP code: 5 digits, or ZIP+4 as 12345-6789.',
      ...(digits.length === 5
        ? { suggestion: digits }
        : digits.length === 9
          ? { suggestion: `${digits.slice(0, 5)}-${digits.slice(5)}` }
          : {}),
    });
  } else if (country === 'CA' && !/^[A-Z]\d[A-Z] \d[A-Z]\d$/.test(postal)) {
    const compact = postal.toUpperCase().replace(/\s+/g, '');
    details.push({
      property: 'postalCode',
      code: 'propertyInvalid',
      message: 'postalCode must be a Canadian postal code such as K1A 0B1.',
      ...(/^[A-Z]\d[A-Z]\d[A-Z]\d$/.test(compact) ? { suggestion: `${compact.slice(0, 3)} ${compact.slice(3)}` } : {}),
    });
  }
  return details;
}

/** Two addresses are the same when every field matches, ignoring case and surrounding space. */
export function addressKey(address: AddressFields): string {
  return [address.line1, address.line2, address.city, address.state, address.postalCode, address.country]
    .map((part) => (part ?? '').trim().toLowerCase().replace(/\s+/g, ' '))
    .join('|');
}
