import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../schemas/error.js';
import { DomainError, type ErrorKind, Messages, type PropertyDetail } from '../store/errors.js';

/** How domain error kinds become HTTP: the one place statuses are chosen. */
const STATUS: Record<ErrorKind, { status: ContentfulStatusCode; type: string }> = {
  malformed: { status: 400, type: 'malformed' },
  unauthenticated: { status: 401, type: 'unauthenticated' },
  permissionDenied: { status: 403, type: 'permissionDenied' },
  notFound: { status: 404, type: 'notFound' },
  // Gigs' only documented coded error uses type "invalid"; 422 per the metadata page (reference §3.2).
  invalid: { status: 422, type: 'invalid' },
  conflict: { status: 422, type: 'invalid' },
  tooLarge: { status: 413, type: 'malformed' },
  unsupportedMediaType: { status: 415, type: 'malformed' },
  rateLimited: { status: 429, type: 'rateLimited' },
  unavailable: { status: 503, type: 'unavailable' },
  internal: { status: 500, type: 'internal' },
};

export interface ErrorMappingOptions {
  /** Status for business-rule conflicts (duplicates, SIM in use): 422 by default, 409 if Gigs turns out to use it. */
  conflictStatus?: 409 | 422;
}

export function errorBody(error: DomainError): ErrorBody {
  const body: ErrorBody = { object: 'error', type: STATUS[error.kind].type, message: error.message };
  if (error.code) body.code = error.code;
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

/** An injected fault's response: the Gigs error body with the status the rule asked for. */
export function faultResponse(
  c: Context,
  fault: { status: number; type?: string | undefined; code?: string | undefined; message?: string | undefined },
): Response {
  const body: ErrorBody = {
    object: 'error',
    type: fault.type ?? (fault.status >= 500 ? 'internal' : 'invalid'),
    message: fault.message ?? Messages.injected(fault.status),
  };
  if (fault.code) body.code = fault.code;
  return c.json(body, fault.status as ContentfulStatusCode);
}

export function respondError(c: Context, err: unknown, options: ErrorMappingOptions = {}): Response {
  const error = toDomainError(err);
  return c.json(errorBody(error), statusOf(error, options));
}
