import { findServiceProvider, isRecipientProvider, RECIPIENT_SERVICE_PROVIDERS } from '../scenarios/service-providers.js';
import {
  type CreatePortingBody,
  type Porting,
  type PortingAddressInput,
  type PortingDeclinedCode,
  type PortingRequiredField,
  type PortingStatus,
  PortingRequiredField as RequiredFieldEnum,
} from '../schemas/porting.js';
import { DomainError, invalidProperty, Messages } from './errors.js';
import type { PortingRecord, ProjectState } from './types.js';

/**
 * The simulated donor carrier: what it asks for and how it answers. No HTTP, no state of its own.
 *
 * Sandbox triggers work like test card numbers. Phone numbers in the NANP range reserved for
 * fiction (any area code, exchange 555, line 0100-0199: `+1 NPA 555 01XX`) pick a behaviour by their
 * last two digits; a few field values make the donor reject that field. Every other number is a
 * clean port-in. The README's magic-value table lists them all.
 */

/** Open portings: not finished one way or the other. */
export const OPEN_STATUSES: ReadonlySet<PortingStatus> = new Set([
  'draft',
  'pending',
  'informationRequired',
  'requested',
  'declined',
]);

/** What a US donor needs (the porting guide: the account holder's name, account number and PIN, and the address). */
export const US_REQUIRED: readonly PortingRequiredField[] = [
  'accountNumber',
  'accountPin',
  'address',
  'donorProvider',
  'firstName',
  'lastName',
];

/** How many open portings one user may have (Gigs documents the code, not the number). */
export const PORTINGS_PER_USER = 5;

/** Unused drafts expire after 30 days (porting guide); so do portings left waiting for a correction. */
export const PORTING_EXPIRY_MS = 30 * 86_400_000;

/** Port-out credentials stay valid this long after they are issued. */
export const PORT_OUT_CREDENTIALS_MS = 30 * 86_400_000;

const FICTIONAL = /^\+1[2-9]\d{2}55501(\d{2})$/;

/** What a sandbox number does; undefined for an ordinary number. */
export type NumberBehaviour =
  | { kind: 'blocked' }
  | { kind: 'notSupported' }
  | { kind: 'decline'; code: PortingDeclinedCode }
  | { kind: 'informationRequired'; fields: PortingRequiredField[] }
  | { kind: 'neverCompletes' };

/** The sandbox numbers by their last two digits (documented in the README, one table). */
export const MAGIC_NUMBERS: Readonly<Record<string, NumberBehaviour>> = {
  '01': { kind: 'blocked' },
  '02': { kind: 'notSupported' },
  '10': { kind: 'decline', code: 'portingPhoneNumberPortProtected' },
  '11': { kind: 'decline', code: 'portingPhoneNumberNotActive' },
  '12': { kind: 'decline', code: 'portingPhoneNumberNotFound' },
  '13': { kind: 'decline', code: 'portingPhoneNumberPrepaid' },
  '14': { kind: 'decline', code: 'portingPhoneNumberAdministrative' },
  '15': { kind: 'decline', code: 'portingPendingOtherProvider' },
  '16': { kind: 'decline', code: 'portingDuplicated' },
  '17': { kind: 'decline', code: 'portingSameNewAndOldNetworkProvider' },
  '18': { kind: 'decline', code: 'portingDeclined' },
  '19': { kind: 'decline', code: 'portingUserInformationMismatch' },
  '20': { kind: 'informationRequired', fields: ['birthday'] },
  '30': { kind: 'neverCompletes' },
};

export function numberBehaviour(phoneNumber: string): NumberBehaviour | undefined {
  const digits = FICTIONAL.exec(phoneNumber)?.[1];
  return digits === undefined ? undefined : MAGIC_NUMBERS[digits];
}

/** Field values the donor rejects, with the decline each one gives. */
export const MAGIC_FIELDS = {
  accountNumber: { value: '000000000', code: 'portingAccountNumberRequiredOrInvalid' },
  accountPin: { value: '0000', code: 'portingAccountPinRequiredOrInvalid' },
  firstName: { value: 'Decline', code: 'portingFirstNameRequiredOrInvalid' },
  lastName: { value: 'Decline', code: 'portingLastNameRequiredOrInvalid' },
  postalCode: { value: '00000', code: 'portingZipCodeRequiredOrInvalid' },
  line1: { value: 'Decline', code: 'portingAddressRequiredOrInvalid' },
} as const satisfies Record<string, { value: string; code: PortingDeclinedCode }>;

const same = (a: string | null | undefined, b: string) => a != null && a.trim().toLowerCase() === b.toLowerCase();

export function isRejectedPin(pin: string): boolean {
  return same(pin, MAGIC_FIELDS.accountPin.value);
}

/** Readable decline messages (our own words for each documented code). */
export const DECLINE_MESSAGES: Readonly<Record<PortingDeclinedCode, string>> = {
  portingAccountNumberRequiredOrInvalid: 'The donor provider rejected the account number: it is missing or wrong.',
  portingAccountPinRequiredOrInvalid: 'The donor provider rejected the account PIN: it is missing or wrong.',
  portingAddressRequiredOrInvalid: 'The address does not match the one the donor provider has on file.',
  portingDeclined: 'The donor provider declined the porting without giving a reason.',
  portingDuplicated: 'Another porting request for this phone number is already being processed.',
  portingFirstNameRequiredOrInvalid: 'The first name does not match the account holder on the donor provider.',
  portingLastNameRequiredOrInvalid: 'The last name does not match the account holder on the donor provider.',
  portingPendingOtherProvider: 'The phone number is already being ported to another provider.',
  portingPhoneNumberAdministrative: 'The phone number is an administrative line of its account and cannot be ported.',
  portingPhoneNumberNotActive: 'The phone number is not active on the donor provider.',
  portingPhoneNumberNotFound: 'The donor provider does not know this phone number.',
  portingPhoneNumberPortProtected:
    'The phone number has port protection on the donor provider; the account holder must lift it first.',
  portingPhoneNumberPrepaid: 'The phone number is on a prepaid account, which the donor provider does not port this way.',
  portingSameNewAndOldNetworkProvider: 'The phone number is already on the recipient network.',
  portingUserInformationMismatch: 'The account holder details do not match the donor provider’s records.',
  portingZipCodeRequiredOrInvalid: 'The ZIP code does not match the one the donor provider has on file.',
};

/** The fields still missing from what the donor needs. */
export function missingFields(porting: PortingRecord, needed: readonly PortingRequiredField[]): PortingRequiredField[] {
  return needed.filter((field) => {
    switch (field) {
      case 'accountPin':
        return !porting.accountPinExists;
      case 'donorProviderApproval':
        return porting.donorProviderApproval !== true;
      default:
        return porting[field] === null;
    }
  });
}

/** What the donor answers to a submitted porting. */
export type DonorAnswer =
  | { kind: 'decline'; code: PortingDeclinedCode }
  | { kind: 'informationRequired'; fields: PortingRequiredField[] }
  | { kind: 'accept'; completes: boolean };

export function donorAnswer(porting: PortingRecord): DonorAnswer {
  const behaviour = numberBehaviour(porting.phoneNumber);
  if (behaviour?.kind === 'decline') return behaviour;
  if (behaviour?.kind === 'informationRequired') {
    const fields = missingFields(porting, behaviour.fields);
    if (fields.length > 0) return { kind: 'informationRequired', fields };
  }
  if (same(porting.accountNumber, MAGIC_FIELDS.accountNumber.value))
    return { kind: 'decline', code: MAGIC_FIELDS.accountNumber.code };
  if (porting.accountPinRejected) return { kind: 'decline', code: MAGIC_FIELDS.accountPin.code };
  if (same(porting.firstName, MAGIC_FIELDS.firstName.value)) return { kind: 'decline', code: MAGIC_FIELDS.firstName.code };
  if (same(porting.lastName, MAGIC_FIELDS.lastName.value)) return { kind: 'decline', code: MAGIC_FIELDS.lastName.code };
  if (same(porting.address?.postalCode, MAGIC_FIELDS.postalCode.value))
    return { kind: 'decline', code: MAGIC_FIELDS.postalCode.code };
  if (same(porting.address?.line1, MAGIC_FIELDS.line1.value)) return { kind: 'decline', code: MAGIC_FIELDS.line1.code };
  return { kind: 'accept', completes: behaviour?.kind !== 'neverCompletes' };
}

/** NANP numbers only: gigs-mock simulates US port-ins. */
export function isUsNumber(phoneNumber: string): boolean {
  return /^\+1[2-9]\d{2}[2-9]\d{6}$/.test(phoneNumber) || FICTIONAL.test(phoneNumber);
}

const ORDER = RequiredFieldEnum.options;
export const sortFields = (fields: Iterable<PortingRequiredField>) => ORDER.filter((f) => new Set(fields).has(f));

export function presentPorting(p: PortingRecord): Porting {
  return {
    object: 'porting',
    id: p.id,
    accountNumber: p.accountNumber,
    accountPinExists: p.accountPinExists,
    accountType: null,
    address: p.address ? { ...p.address } : null,
    behavior: p.behavior,
    billingPinExists: p.billingPinExists,
    birthday: p.birthday,
    canceledAt: p.canceledAt,
    completedAt: p.completedAt,
    createdAt: p.createdAt,
    declinedAttempts: p.declinedAttempts,
    declinedCode: p.declinedCode,
    declinedMessage: p.declinedMessage,
    donorProvider: p.donorProvider ? (findServiceProvider(p.donorProvider) ?? null) : null,
    donorProviderApproval: p.donorProviderApproval,
    expiredAt: p.expiredAt,
    failedAt: p.failedAt,
    firstName: p.firstName,
    lastDeclinedAt: p.lastDeclinedAt,
    lastName: p.lastName,
    lastRequestedAt: p.lastRequestedAt,
    phoneNumber: p.phoneNumber,
    provider: p.provider,
    recipientProvider: RECIPIENT_SERVICE_PROVIDERS[p.provider] ?? {
      object: 'serviceProvider',
      id: 'svp_unknown',
      name: p.provider,
      recipientProviders: [],
    },
    required: [...p.required],
    status: p.status,
    subscription: p.subscription,
    user: p.user,
  };
}

export function portingAddress(input: PortingAddressInput | null): PortingRecord['address'] {
  if (input === null) return null;
  return {
    city: input.city,
    country: input.country,
    line1: input.line1,
    line2: input.line2 ?? null,
    postalCode: input.postalCode ?? null,
    state: input.state ?? null,
  };
}

/** The rules of a new porting, in the order they are reported. */
export function checkCreatePorting(state: ProjectState, input: CreatePortingBody): void {
  const user = state.users.get(input.user);
  if (!user || user.status === 'deleted') {
    throw invalidProperty('user', user ? Messages.userDeleted : Messages.notFound('user'));
  }
  if (!isRecipientProvider(input.provider)) {
    throw invalidProperty('provider', Messages.portingProviderNotFound, { code: 'portingProviderNotFound' });
  }
  const behaviour = numberBehaviour(input.phoneNumber);
  if (!isUsNumber(input.phoneNumber) || behaviour?.kind === 'notSupported') {
    throw invalidProperty('phoneNumber', Messages.portingNotSupported, { code: 'portingNotSupported' });
  }
  if (behaviour?.kind === 'blocked') {
    throw invalidProperty('phoneNumber', Messages.portingPhoneNumberBlocked, { code: 'portingPhoneNumberBlocked' });
  }
  let open = 0;
  for (const other of state.portings.values()) {
    if (!OPEN_STATUSES.has(other.status)) continue;
    if (other.phoneNumber === input.phoneNumber) {
      throw new DomainError('conflict', Messages.portingAlreadyExists, { code: 'portingAlreadyExists' });
    }
    if (other.user === input.user) open++;
  }
  const holder = state.phoneNumbers.get(input.phoneNumber);
  if (holder !== undefined && hasOpenPortOut(state, holder)) {
    throw new DomainError('invalid', Messages.portingConflictsWithPortOut, { code: 'portingConflictsWithPortOut' });
  }
  if (open >= PORTINGS_PER_USER) {
    throw new DomainError('invalid', Messages.portingPerUserLimitExceeded(PORTINGS_PER_USER), {
      code: 'portingPerUserLimitExceeded',
    });
  }
  if (input.donorProvider !== undefined) checkDonor(input.donorProvider, input.provider);
}

/** A donor must exist and port to the porting's provider. */
export function checkDonor(donor: string, provider: string): void {
  const found = findServiceProvider(donor);
  if (!found?.recipientProviders.includes(provider)) {
    throw invalidProperty('donorProvider', Messages.portingDonorProviderNotFound, { code: 'portingDonorProviderNotFound' });
  }
}

function hasOpenPortOut(state: ProjectState, subscription: string): boolean {
  for (const portOut of state.portOuts.values()) {
    if (portOut.subscription === subscription && ['initiated', 'processing', 'issued'].includes(portOut.status)) return true;
  }
  return false;
}
