/**
 * Domain errors: what went wrong in domain terms, with the Gigs error `code` where the reference has
 * one. HTTP never appears here; src/http/errors.ts maps kinds to statuses in one place.
 */
export type ErrorKind =
  | 'malformed'
  | 'unauthenticated'
  | 'permissionDenied'
  | 'notFound'
  | 'invalid'
  /** A rule about existing state (duplicates, SIM in use). Gigs reports these as `invalid` + code. */
  | 'conflict'
  | 'tooLarge'
  | 'unsupportedMediaType'
  | 'rateLimited'
  | 'unavailable'
  | 'internal';

export interface PropertyDetail {
  property: string;
  message: string;
  /** Gigs documents `propertyRequired`; `propertyInvalid` is ours for every other property failure. */
  code: 'propertyRequired' | 'propertyInvalid';
  suggestion?: string;
}

export interface DomainErrorInit {
  code?: string;
  details?: PropertyDetail[];
  hint?: string;
}

export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly code: string | undefined;
  readonly details: PropertyDetail[] | undefined;
  readonly hint: string | undefined;

  constructor(kind: ErrorKind, message: string, init: DomainErrorInit = {}) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = init.code;
    this.details = init.details;
    this.hint = init.hint;
  }
}

/** Message strings are constants so tests can assert them without copying prose. */
export const Messages = {
  unauthenticated: 'Invalid authorization token',
  permissionDenied: 'The API key does not have access to this project.',
  routeNotFound: 'The requested route does not exist.',
  malformedJson: 'The request body is not valid JSON.',
  malformedRequest: 'The request is not valid HTTP.',
  headersTooLarge: 'The request line or headers are too large.',
  unsupportedMediaType: 'The request body must be sent as application/json.',
  bodyTooLarge: 'The request body is too large.',
  bodyAborted: 'The request body ended before it was complete.',
  validation: 'The request is invalid.',
  notFound: (what: string) => `The ${what} does not exist.`,
  unknownCursor: 'The pagination cursor does not name an object of this list.',
  cursorConflict: 'Only one of after and before may be given.',
  userAlreadyExists: 'A user with the same email address already exists.',
  userDeleted: 'The user has been deleted.',
  userAddressAlreadyExists: 'The user already has the same address.',
  userAddressInvalid: 'The given address is not valid.',
  userAddressLimit: 'A user can have at most 10 addresses.',
  planNotAvailable: 'The plan is not available for new subscriptions.',
  simTypeNotSupported: 'The plan does not support physical SIMs: use "sim": "auto" for a new eSIM.',
  simAlreadyUsed: 'The SIM is already used by another subscription.',
  simNotUsable: 'The SIM cannot be used for a new subscription.',
  simIdNotFound: (value: string) =>
    `The SIM ${JSON.stringify(value)} does not exist: sim takes "auto" (a new eSIM) or the id of an inactive pSIM (GET /sims?type=pSIM&status=inactive).`,
  autoOnPSimPlan:
    'The plan supports only physical SIMs, and "auto" makes a new eSIM: give the id of an inactive pSIM of the plan\'s provider (GET /sims?type=pSIM&status=inactive).',
  addressRequired: 'The plan requires a user address.',
  addressNotOwned: 'The user address does not belong to the user.',
  userFieldRequired: (field: string) =>
    `The plan requires the user to have ${USER_FIELDS[field] ?? `a ${field}`} (${field}): set it with PATCH /users/{user}.`,
  unsupportedProperty: (field: string) => `The property ${field} is not supported by the simulator yet.`,
  subscriptionEnded: 'The subscription has ended and cannot be changed.',
  notCanceled: 'The subscription is not canceled.',
  alreadyCanceled: 'The subscription is already canceled.',
  notPending: 'Only a pending subscription can be activated.',
  eSimProfileOfPSim: 'A physical SIM has no eSIM profile.',
  phoneNumbersExhausted: 'No phone number is left to assign.',
  injected: (status: number) => `Injected failure (HTTP ${status}) from the gigs-mock control plane.`,
  clockInPast: 'The clock cannot be set to the past: objects already made would predate now.',
  adminTokenRequired: 'The control plane needs the admin token.',
} as const;

/** How the plan requirements' user fields read in a sentence. */
const USER_FIELDS: Record<string, string> = { fullName: 'a full name', birthday: 'a birthday' };

export const notFound = (what: string) => new DomainError('notFound', Messages.notFound(what));

export function invalidProperty(
  property: string,
  message: string,
  init: Omit<DomainErrorInit, 'details'> & {
    suggestion?: string;
    required?: boolean;
  } = {},
): DomainError {
  const detail: PropertyDetail = { property, message, code: init.required ? 'propertyRequired' : 'propertyInvalid' };
  if (init.suggestion !== undefined) detail.suggestion = init.suggestion;
  return new DomainError('invalid', message, { code: init.code, hint: init.hint, details: [detail] });
}
