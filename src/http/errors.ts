import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { InjectedError } from '../engine/faults.js';
import type { ErrorBody, ErrorType } from '../schemas/error.js';
import { DomainError, type ErrorKind, Messages, type PropertyDetail } from '../store/errors.js';

/**
 * The API's error types, as Gigs' own SDK lists them (`ApiErrorType` in gigs/embeds-react-native
 * `src/data/api.ts`), each with the status it answers by default.
 */
export const ERROR_TYPES: Readonly<Record<ErrorType, number>> = {
  malformed: 400,
  unauthenticated: 401,
  permissionDenied: 403,
  notFound: 404,
  conflict: 409,
  invalid: 422,
  tooManyRequests: 429,
  internal: 500,
  notImplemented: 501,
};

/** How domain error kinds become HTTP: the one place statuses are chosen. */
const STATUS: Record<ErrorKind, { status: ContentfulStatusCode; type: ErrorType; code?: string }> = {
  malformed: { status: 400, type: 'malformed' },
  unauthenticated: { status: 401, type: 'unauthenticated' },
  permissionDenied: { status: 403, type: 'permissionDenied' },
  notFound: { status: 404, type: 'notFound' },
  // Gigs' only documented coded error uses type "invalid"; 422 per the metadata page (reference §3.2).
  invalid: { status: 422, type: 'invalid' },
  // Duplicates answer like other coded errors unless --conflict-status 409 (then type conflict).
  conflict: { status: 422, type: 'invalid' },
  tooLarge: { status: 413, type: 'malformed' },
  unsupportedMediaType: { status: 415, type: 'malformed' },
  rateLimited: { status: 429, type: 'tooManyRequests' },
  // There is no "unavailable" type: a 503 is `internal` with the documented system code.
  unavailable: { status: 503, type: 'internal', code: 'serviceUnavailable' },
  internal: { status: 500, type: 'internal', code: 'unknown' },
  notImplemented: { status: 501, type: 'notImplemented' },
};

export interface ErrorMappingOptions {
  /** Status for business-rule conflicts (duplicates, SIM in use): 422 by default, 409 if Gigs turns out to use it. */
  conflictStatus?: 409 | 422;
}

export function errorBody(error: DomainError, options: ErrorMappingOptions = {}): ErrorBody {
  const mapped = STATUS[error.kind];
  // A 409 carrying "invalid" would match neither reading of the API: a 409 is a conflict.
  const type = error.kind === 'conflict' && options.conflictStatus === 409 ? 'conflict' : mapped.type;
  const body: ErrorBody = { object: 'error', type, message: error.message };
  const code = error.code ?? mapped.code;
  if (code) body.code = code;
  if (error.hint) body.hint = error.hint;
  if (error.details && error.details.length > 0) {
    body.details = error.details.map((d: PropertyDetail) => ({
      object: 'propertyErrorDetail' as const,
      code: d.code,
      message: d.message,
      property: d.property,
      ...(d.suggestion !== undefined ? { suggestion: d.suggestion } : {}),
    }));
  }
  return body;
}

export function statusOf(error: DomainError, options: ErrorMappingOptions = {}): ContentfulStatusCode {
  if (error.kind === 'conflict' && options.conflictStatus) return options.conflictStatus;
  return STATUS[error.kind].status;
}

/** Domain errors and Hono's HTTP exceptions are answers; anything else is a bug worth logging. */
export function isExpectedError(err: unknown): boolean {
  return (err instanceof DomainError && err.kind !== 'internal') || err instanceof HTTPException;
}

/** Turns anything thrown while handling a request into a Gigs error response. */
export function toDomainError(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400) return new DomainError('malformed', Messages.malformedJson);
    if (err.status === 413) return new DomainError('tooLarge', Messages.bodyTooLarge);
    if (err.status === 415) return new DomainError('unsupportedMediaType', Messages.unsupportedMediaType);
    if (err.status === 401) return new DomainError('unauthenticated', Messages.unauthenticated);
    if (err.status === 404) return new DomainError('notFound', Messages.routeNotFound);
  }
  return new DomainError('internal', 'An unexpected error occurred.', { code: 'unknown' });
}

/** Known Gigs error types (anything else named in `x-gigs-mock-error` is taken as a code). */
export const isErrorType = (name: string): name is ErrorType => Object.hasOwn(ERROR_TYPES, name);

/**
 * The type a status stands for when only a status is injected: the type that status has by default,
 * else the one the simulator's own answers with that status carry (413 and 415 are `malformed`),
 * else `internal` for a 5xx and `invalid` for a 4xx.
 */
function typeOfStatus(status: number): ErrorType {
  const named = (Object.keys(ERROR_TYPES) as ErrorType[]).find((type) => ERROR_TYPES[type] === status);
  return (
    named ?? Object.values(STATUS).find((mapped) => mapped.status === status)?.type ?? (status >= 500 ? 'internal' : 'invalid')
  );
}

/**
 * Completes an injected error: a type alone gets its status, a code alone the status of a coded
 * error (or 503/500 for serviceUnavailable/unknown), a status alone its type and, for a 5xx, the
 * Gigs system code.
 */
export function completeInjected(error: InjectedError, options: ErrorMappingOptions = {}) {
  const status =
    error.status ??
    (error.type !== undefined && isErrorType(error.type) ? ERROR_TYPES[error.type] : undefined) ??
    (error.code === 'serviceUnavailable'
      ? 503
      : error.code === 'unknown'
        ? 500
        : error.code !== undefined
          ? (options.conflictStatus ?? 422)
          : 500);
  const type = error.type !== undefined && isErrorType(error.type) ? error.type : typeOfStatus(status);
  // The documented system codes: 503 the service is down, other 5xx unexpected (501 is neither).
  const code = error.code ?? (status === 503 ? 'serviceUnavailable' : status >= 500 && status !== 501 ? 'unknown' : undefined);
  return { status, type, code, message: error.message ?? Messages.injected(status) };
}

/** An injected fault's response: the Gigs error body with the status the rule asked for. */
export function faultResponse(c: Context, fault: InjectedError, options: ErrorMappingOptions = {}): Response {
  const { status, type, code, message } = completeInjected(fault, options);
  const body: ErrorBody = { object: 'error', type, message };
  if (code) body.code = code;
  // Clients that back off on 429 look for Retry-After.
  if (status === 429) c.header('retry-after', '1');
  return c.json(body, status as ContentfulStatusCode);
}

export function respondError(c: Context, err: unknown, options: ErrorMappingOptions = {}): Response {
  const error = toDomainError(err);
  return c.json(errorBody(error, options), statusOf(error, options));
}
