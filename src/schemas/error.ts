import { z } from '@hono/zod-openapi';

export const PropertyErrorDetail = z
  .object({
    object: z.literal('propertyErrorDetail'),
    code: z.string(),
    message: z.string(),
    property: z.string(),
    suggestion: z.string().optional(),
  })
  .openapi('PropertyErrorDetail');

/**
 * The error types Gigs' own SDK knows (gigs/embeds-react-native `src/data/api.ts`); gigs-mock
 * answers no other (src/http/errors.ts maps each to its status).
 */
export const ErrorType = z.enum([
  'malformed',
  'unauthenticated',
  'permissionDenied',
  'notFound',
  'conflict',
  'invalid',
  'tooManyRequests',
  'internal',
  'notImplemented',
]);
export type ErrorType = z.infer<typeof ErrorType>;

/** Names earlier gigs-mock versions used, which no Gigs client knows: refused with the name to use. */
const RETIRED_ERROR_TYPES: Readonly<Record<string, string>> = {
  rateLimited: 'tooManyRequests',
  unavailable: 'internal (with code serviceUnavailable)',
};

/** What to use instead of a retired type name; undefined for any other name. */
export const replacementOfRetiredType = (name: string): string | undefined =>
  Object.hasOwn(RETIRED_ERROR_TYPES, name) ? RETIRED_ERROR_TYPES[name] : undefined;

/** The Gigs error body (reference §3.1). */
export const ErrorBody = z
  .object({
    object: z.literal('error'),
    type: ErrorType,
    message: z.string(),
    code: z.string().optional(),
    hint: z.string().optional(),
    documentation: z.array(z.string()).optional(),
    details: z.array(PropertyErrorDetail).optional(),
  })
  .openapi('Error');

export type ErrorBody = z.infer<typeof ErrorBody>;
