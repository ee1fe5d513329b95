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
  | 'internal'
  /** A path of the real API that the simulator does not simulate (yet). */
  | 'notImplemented';

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
  simTypeNotSupported: 'The plan does not support this SIM type.',
  simAlreadyUsed: 'The SIM is already used by another subscription.',
  simNotUsable: 'The SIM cannot be used for a new subscription.',
  addressRequired: 'The plan requires a user address.',
  addressNotOwned: 'The user address does not belong to the user.',
  userFieldRequired: (field: string) => `The plan requires the user to have ${field}.`,
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
  notImplemented: (resource: string) =>
    `gigs-mock does not simulate ${resource} yet: the path exists in the Gigs API, but not in this simulator.`,
  retiredErrorType: (name: string, replacement: string) => `The error type ${name} is not a Gigs error type: use ${replacement}.`,
  oneTimeNotCancelable: 'Only a subscription on a recurring plan can be canceled; a one-time plan ends by itself.',
  oneTimeNotResumable: 'Only a subscription on a recurring plan can be resumed.',
  portingNotSupported: 'The phone number cannot be ported to this provider.',
  portingPhoneNumberBlocked: 'The phone number is blocked from porting.',
  portingAlreadyExists: 'An open porting for this phone number already exists.',
  portingPerUserLimitExceeded: (limit: number) => `A user can have at most ${limit} open portings.`,
  portingProviderNotFound: 'The provider does not exist or does not accept port-ins.',
  portingDonorProviderNotFound: 'The donor provider does not exist or cannot port to this provider.',
  portingConflictsWithPortOut: 'The phone number has an open port-out.',
  portingNotUpdatable: 'The porting can no longer be updated.',
  portingNotCancelable: 'Only a submitted porting (pending, informationRequired, requested or declined) can be canceled.',
  portingAlreadyCanceled: 'The porting is already canceled.',
  portingNotDeletable: 'Only a draft porting can be deleted.',
  portingNotDraft: 'Only a draft porting can be used for a new subscription.',
  portingUsedBySubscription: 'The porting is already used by a subscription.',
  portingUserMismatch: 'The porting belongs to another user.',
  portingProviderMismatch: "The porting's provider is not the plan's provider.",
  portingNeedsPhoneNumberPlan: 'The plan has no phone number to port into.',
  portingInProgress: 'The subscription activates when its porting completes.',
  portingNotSubmitted: 'The porting has not been submitted: create a subscription with it first.',
  portingNotAnswerable: (status: string) => `The donor cannot answer a porting in status ${status}.`,
  portOutNeedsActive:
    'Only a subscription with a phone number that was activated, and did not end more than 30 days ago, can be ported out.',
  portOutAlreadyExists: 'The subscription already has an open port-out.',
  portOutConflictsWithPorting: 'The phone number has an open porting.',
  portOutNotIssued: 'The port-out credentials are only available while the port-out is issued.',
  portOutNotOpen: (status: string) => `A port-out in status ${status} cannot change any more.`,
  portingNumberInUse: 'Another live subscription of the project has this phone number: the porting cannot complete.',
} as const;

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
