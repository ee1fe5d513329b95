import { z } from '@hono/zod-openapi';
import { Addon } from './addon.js';
import { csvEnum, csvString, idOf, paginationFields, Timestamp } from './common.js';

export const SubscriptionAddonStatus = z.enum(['pending', 'initiated', 'active', 'ended']);

/** A subscription add-on as documented (API reference "Subscription Add-ons"; reference §12.4). */
export const SubscriptionAddon = z
  .object({
    object: z.literal('subscriptionAddon'),
    id: idOf('sad'),
    activatedAt: Timestamp.nullable(),
    addon: Addon,
    canceledAt: Timestamp.nullable(),
    createdAt: Timestamp,
    currentPeriod: z.object({ number: z.number().int().min(1), start: Timestamp, end: Timestamp }).nullable(),
    endedAt: Timestamp.nullable(),
    status: SubscriptionAddonStatus,
    subscription: idOf('sub'),
    user: idOf('usr'),
  })
  .openapi('SubscriptionAddon');
export type SubscriptionAddon = z.infer<typeof SubscriptionAddon>;

/** Body of `POST /subscriptionAddons` [inferred: the docs show the object, not the create form]. */
export const CreateSubscriptionAddonBody = z
  .strictObject({ subscription: idOf('sub'), addon: idOf('add') })
  .openapi('CreateSubscriptionAddon');
export type CreateSubscriptionAddonBody = z.infer<typeof CreateSubscriptionAddonBody>;

/** `addon` is the documented filter; `subscription` and `status` are ours. */
export const SubscriptionAddonQuery = z.strictObject({
  ...paginationFields,
  addon: csvString,
  subscription: csvString,
  status: csvEnum(SubscriptionAddonStatus),
});
