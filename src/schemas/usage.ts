import { z } from '@hono/zod-openapi';
import { Timestamp } from './common.js';

/** A usage record as documented (API reference "Usage"): one aggregation period, one country. */
export const UsageRecord = z
  .object({
    object: z.literal('usageRecord'),
    data: z.number().int().nonnegative(),
    end: Timestamp,
    labels: z.object({ country: z.string().optional(), subscription: z.string().optional() }),
    sms: z.number().int().nonnegative(),
    start: Timestamp,
    voice: z.number().int().nonnegative(),
  })
  .openapi('UsageRecord');
export type UsageRecord = z.infer<typeof UsageRecord>;

const Country = z.string().regex(/^[A-Z]{2}$/, 'country is an ISO 3166-1 alpha-2 code, such as US.');
const Amount = z.number().int().min(0).max(1e15);

/**
 * What the usage simulation takes: Gigs' own testing endpoint
 * (`POST /testing/projects/{project}/subscriptions/{subscription}/usage`, docs "Simulate
 * Subscription Usage": `data` bytes, `voice` seconds, `sms` messages, `country`).
 */
export const SimulateUsageBody = z
  .strictObject({ data: Amount.optional(), voice: Amount.optional(), sms: Amount.optional(), country: Country.optional() })
  .openapi('SimulateUsage');
export type SimulateUsageBody = z.infer<typeof SimulateUsageBody>;

/** Usage list query: a period number, or a start/end range (docs); `aggregation` is inferred. */
export const UsageQuery = z.strictObject({
  period: z
    .string()
    .regex(/^[1-9]\d{0,6}$/, 'period must be a period number, 1 or more.')
    .transform(Number)
    .optional()
    .openapi({ type: 'integer', minimum: 1 }),
  start: z.iso.datetime().optional(),
  end: z.iso.datetime().optional(),
  aggregation: z.enum(['day', 'period']).optional(),
});
