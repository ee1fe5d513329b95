import { z } from '@hono/zod-openapi';
import { csvEnum, csvString, idOf, Metadata, paginationFields, Timestamp } from './common.js';
import { FlatAllowances } from './plan.js';

export const AddonStatus = z.enum(['draft', 'available', 'archived']);

/**
 * An add-on as Gigs documents it (API reference "Add-ons"; reference §12.4): top-ups and features a
 * subscription can take on, for one provider and the plans it names.
 */
export const AddonDefinition = z.object({
  object: z.literal('addon'),
  id: idOf('add'),
  metadata: Metadata,
  activationTrigger: z.enum(['creation', 'networkLatch', 'usageStarted']),
  allowances: z.object({
    dataBytes: z.number().int().nullable(),
    voiceSeconds: z.number().int().nullable(),
    smsMessages: z.number().int().nullable(),
  }),
  coverage: z
    .object({ object: z.literal('coverage'), id: z.string(), name: z.string(), countries: z.array(z.string()) })
    .nullable(),
  createdAt: Timestamp,
  description: z.string().nullable(),
  name: z.string(),
  plans: z.array(idOf('pln')),
  price: z.object({ amount: z.number().int(), currency: z.string() }),
  provider: z.string(),
  recurrenceType: z.enum(['oneTime', 'recurring']),
  status: AddonStatus,
  type: z.enum(['topUp', 'other']),
  validity: z.object({ unit: z.enum(['day', 'month']), value: z.number().int().positive() }).nullable(),
});
export type AddonDefinition = z.infer<typeof AddonDefinition>;

/**
 * The list filters: `status` and `provider` are what Gigs' example app sends
 * (gigs/connect-sessions-buy-manage-example lib/api.ts: `addons?status=available&provider=…`).
 */
export const AddonQuery = z.strictObject({ ...paginationFields, status: csvEnum(AddonStatus), provider: csvString });

/** On the wire with the deprecated flat allowances, last, as the documented example has them. */
export const Addon = AddonDefinition.extend(FlatAllowances).openapi('Addon');
export type Addon = z.infer<typeof Addon>;
