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
  snapshotNotJson: 'The snapshot file is not JSON.',
  notImplemented: (resource: string) =>
    `gigs-mock does not simulate ${resource} yet: the path exists in the Gigs API, but not in this simulator.`,
  retiredErrorType: (name: string, replacement: string) => `The error type ${name} is not a Gigs error type: use ${replacement}.`,
  unknownErrorType:
    'type must be a Gigs error type: malformed, unauthenticated, permissionDenied, notFound, conflict, invalid, tooManyRequests, internal, notImplemented.',
  oneTimeNotCancelable: 'Only a subscription on a recurring plan can be canceled; a one-time plan ends by itself.',
  oneTimeNotResumable: 'Only a subscription on a recurring plan can be resumed.',
  addonNeedsActiveSubscription: 'Add-ons can only be added to an active subscription.',
  addonNotAvailable: 'The add-on is not available for purchase.',
  addonProviderMismatch: "The add-on is for another network provider than the subscription's plan.",
  addonNotForPlan: "The add-on cannot be used with the subscription's plan.",
  addonEnded: 'The subscription add-on has ended.',
  addonAlreadyCanceled: 'The subscription add-on is already canceled.',
  imeiInvalid: 'The IMEI is not valid: 15 digits ending in its Luhn check digit.',
  deviceImeiAlreadyExists: 'A device with the same IMEI already exists.',
  deviceSimAlreadyUsed: 'The SIM is already added to another device.',
  deviceNotSupported: "The device model does not take this SIM's type.",
  changeOneOfPlanOrSim: 'A subscription change needs either plan or sim, not both.',
  planChangeAtRenewal: 'A plan change takes effect at the renewal: when must be renewal.',
  simChangeNow: 'A SIM change takes effect now: when must be now.',
  changeNeedsActiveSubscription: 'Only an active subscription can be changed.',
  changeOfCanceled: 'The subscription is canceled: resume it before changing it.',
  changeAlreadyPending: 'The subscription already has a pending change: delete it first.',
  changeSamePlan: 'The subscription is already on this plan.',
  changeSameSim: 'The subscription already uses this SIM.',
  changeProviderMismatch: "The new plan is for another network provider than the subscription's plan.",
  planChangeTooCloseToRenewal: 'The renewal is less than an hour away: change the plan after it.',
  changeNotPending: 'Only a pending subscription change can be deleted.',
  changeOfOneTime: 'A subscription on a one-time plan has no renewal to change its plan at.',
  changeToOldESim: 'A SIM change takes a new eSIM with sim "auto", or the id of an unused physical SIM.',
  usageNeedsActive: 'Usage can only be recorded on an active subscription (or a pending one whose plan activates on usage).',
  usageAtOutOfRange: "at must lie in the subscription's current period, and not after now.",
  usageAmount: (field: string) => `${field} must be a whole number from 0 to 10^15, and the totals must stay below 2^53.`,
  usageCountry: 'country is an ISO 3166-1 alpha-2 code, such as US.',
  usageRangeBackwards: 'end must not be before start.',
  usagePeriodUnknown: 'The subscription has not had this period.',
  durationOutOfRange: (property: string) =>
    `${property} must be a duration from 0 to 3650d, such as 500ms, 90s or 2m (a number is milliseconds).`,
  clockOutOfRange: 'The clock cannot move past 9000-01-01T00:00:00Z.',
  tooManyProjects: (max: number) =>
    `The simulator holds ${max} projects, the most --max-projects (GIGS_MOCK_MAX_PROJECTS) allows: use an existing project, raise the limit, or set --project-eviction lru.`,
  snapshotTooLarge: (max: number) =>
    `The snapshot is larger than ${Math.round(max / 1024 / 1024)} MB, the most --max-snapshot-size (GIGS_MOCK_MAX_SNAPSHOT_SIZE) allows.`,
  webhookToControlPlane: 'A webhook endpoint cannot point at a /__mock path: the simulator would call its own control plane.',
  expectationFailed: 'The Expect header can only be 100-continue.',
  requestTimeout: 'The request was not received in time.',
  duplicateAuthorization: 'Send one Authorization header, not several.',
  instantOutOfRange: (property: string) => `${property} must be a time from 1970-01-01T00:00:00Z to 9000-01-01T00:00:00Z.`,
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

/** How the plan requirements' user fields read in a sentence. */
const USER_FIELDS: Record<string, string> = { fullName: 'a full name', birthday: 'a birthday' };

export const notFound = (what: string) => new DomainError('notFound', Messages.notFound(what));

/**
 * Every broken rule of one request at once, as one 422 whose details name each property (or
 * undefined when none broke). Its code is the first rule's with one; a code in `duplicates` makes it
 * a duplicate (`conflict`, which --conflict-status may answer with 409).
 */
export function brokenRules(
  details: PropertyDetail[],
  code?: string,
  duplicates: readonly string[] = [],
): DomainError | undefined {
  const [first] = details;
  if (!first) return undefined;
  const kind = code !== undefined && duplicates.includes(code) ? 'conflict' : 'invalid';
  return new DomainError(kind, details.length === 1 ? first.message : Messages.validation, { code, details });
}

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
