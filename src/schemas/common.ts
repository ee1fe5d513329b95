import { z } from '@hono/zod-openapi';

export const Timestamp = z.string().openapi({ description: 'ISO-8601 UTC timestamp', example: '2021-01-21T19:38:34Z' });

export const idOf = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9A-Za-z]+$`))
    .max(64)
    .openapi({ example: `${prefix}_0SNlurA049MEWV4OpCwsNyC9Kn2d` });

const METADATA_MAX_KEYS = 10;
const METADATA_MAX_KEY = 40;
const METADATA_MAX_VALUE = 255;

/** Metadata as returned: string keys and values. */
export const Metadata = z.record(z.string(), z.string()).openapi({ example: { crmId: '42' } });

/**
 * Metadata as sent (reference §1.1): a value of null deletes the key; `metadata: null` itself is
 * rejected. Parsed by hand because zod's record drops a `__proto__` key silently, and a silently
 * dropped key is a half-stored write; here every own key is checked and kept as an own property.
 */
export const MetadataInput = z
  .custom<Record<string, string | null>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
    message: 'Metadata must be an object of string keys and string values.',
  })
  .superRefine((value, ctx) => {
    const keys = Object.keys(value);
    for (const key of keys) {
      const v = (value as Record<string, unknown>)[key];
      if (key.length === 0 || key.length > METADATA_MAX_KEY) {
        ctx.addIssue({ code: 'custom', path: [key], message: `Metadata keys must have 1 to ${METADATA_MAX_KEY} characters.` });
      } else if (v !== null && typeof v !== 'string') {
        ctx.addIssue({ code: 'custom', path: [key], message: 'Metadata values must be strings or null.' });
      } else if (typeof v === 'string' && v.length > METADATA_MAX_VALUE) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `Metadata values must have at most ${METADATA_MAX_VALUE} characters.`,
        });
      }
    }
    if (keys.length > METADATA_MAX_KEYS) {
      ctx.addIssue({ code: 'custom', message: `Metadata can have at most ${METADATA_MAX_KEYS} keys.` });
    }
  })
  .transform((value) => Object.fromEntries(Object.entries(value)) as Record<string, string | null>)
  .openapi({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description: 'Keys to set; a null value deletes the key. At most 10 keys, key <= 40 and value <= 255 characters.',
  });

export const METADATA_LIMITS = { maxKeys: METADATA_MAX_KEYS } as const;

/** Project ids are slugs (reference §1): a letter or digit, then up to 63 letters, digits, _ or -. */
export const PROJECT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const ProjectParam = z
  .string()
  .min(1)
  .max(64)
  .openapi({ param: { name: 'project', in: 'path' }, example: 'gigs' });

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      object: z.literal('list'),
      items: z.array(item),
      moreItemsAfter: z.string().nullable(),
      moreItemsBefore: z.string().nullable(),
    })
    .openapi(name);

/**
 * The query of a route that takes no query parameters: the API does not heal requests (reference
 * §3.2), so an unknown parameter is a 422 rather than silently ignored.
 */
export const NoQuery = z.strictObject({});

const LIMIT_MESSAGE = 'limit must be a whole number from 0 to 200.';

/** Pagination query params (reference §4): 0 <= limit <= 200, default 10, after xor before. */
export const paginationFields = {
  after: z.string().min(1).optional().openapi({ description: 'Return the items after this id.' }),
  before: z.string().min(1).optional().openapi({ description: 'Return the items before this id.' }),
  limit: z
    .string()
    .regex(/^\d+$/, LIMIT_MESSAGE)
    .transform(Number)
    .pipe(z.number().int().min(0, LIMIT_MESSAGE).max(200, LIMIT_MESSAGE))
    .optional()
    .openapi({ type: 'integer', minimum: 0, maximum: 200, default: 10 }),
};

const EMPTY_FILTER = 'Filter values must not be empty.';
/**
 * An empty filter value is one problem; `abort` keeps it from also being reported as a bad item.
 * A function, not a shared object: zod rewrites the params object it is given.
 */
const notEmpty = () => ({ message: EMPTY_FILTER, abort: true });

/**
 * A comma-separated filter of enum values (`?simType=eSIM,pSIM`); an empty value is an error. Checked
 * on the whole string, so an error names the query parameter (`simType`), not an array index.
 */
export const csvEnum = <T extends z.ZodEnum<Record<string, string>>>(values: T) => {
  const allowed: readonly string[] = values.options;
  const message = `Filter values must be one or more of: ${allowed.join(', ')}.`;
  return z
    .string()
    .min(1, notEmpty())
    .refine((s) => s.split(',').every((v) => allowed.includes(v)), message)
    .transform((s) => s.split(',') as z.infer<T>[])
    .optional()
    .openapi({ type: 'string', description: `Comma-separated: ${allowed.join(', ')}` });
};

/** A comma-separated filter of free values; empty value or empty item is an error. */
export const csvString = z
  .string()
  .min(1, notEmpty())
  .refine((s) => s.split(',').every((v) => v.length > 0), EMPTY_FILTER)
  .transform((s) => s.split(','))
  .optional()
  .openapi({ type: 'string' });
