import { z } from '@hono/zod-openapi';
import { csvEnum, csvString, idOf, paginationFields, Timestamp } from './common.js';
import { Plan } from './plan.js';
import { Sim } from './sim.js';

export const SubscriptionChangeStatus = z.enum(['pending', 'initiated', 'applied', 'failed', 'deleted']);
const When = z.enum(['now', 'renewal']);

/** A subscription change as documented (API reference "Subscription Changes"; reference §12.5). */
export const SubscriptionChange = z
  .object({
    object: z.literal('subscriptionChange'),
    id: idOf('sch'),
    appliedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    failureCode: z.string().nullable(),
    plan: Plan.nullable(),
    requestedChange: z.object({ plan: z.string().nullable(), sim: z.string().nullable(), when: When }),
    scheduledAt: Timestamp.nullable(),
    sim: Sim.nullable(),
    status: SubscriptionChangeStatus,
    subscription: idOf('sub'),
  })
  .openapi('SubscriptionChange');
export type SubscriptionChange = z.infer<typeof SubscriptionChange>;

/**
 * `{subscription, plan | sim, when}` [the fields of `requestedChange`; the create form is inferred].
 * A plan change waits for the renewal, a SIM change is made now; `sim: "auto"` is a new eSIM.
 */
export const CreateSubscriptionChangeBody = z
  .strictObject({
    subscription: idOf('sub'),
    plan: idOf('pln').optional(),
    sim: z.union([z.literal('auto'), idOf('sim')]).optional(),
    when: When.optional(),
  })
  .openapi('CreateSubscriptionChange');
export type CreateSubscriptionChangeBody = z.infer<typeof CreateSubscriptionChangeBody>;

export const SubscriptionChangeQuery = z.strictObject({
  ...paginationFields,
  subscription: csvString,
  status: csvEnum(SubscriptionChangeStatus),
});
