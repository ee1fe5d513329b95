import { z } from '@hono/zod-openapi';
import { idOf, Metadata, MetadataInput, Timestamp } from './common.js';
import { Plan } from './plan.js';
import { Porting } from './porting.js';
import { Sim } from './sim.js';
import { User } from './user.js';

export const SubscriptionStatus = z.enum(['pending', 'initiated', 'active', 'restricted', 'ended']);

export const CancellationCause = z.enum([
  'cancellationRequested',
  'deviceBlocked',
  'invoiceUnpaid',
  'paymentDisputed',
  'paymentFailed',
  'phoneNumberPortedOut',
  'portingExpired',
  'subscriptionEnded',
  'userDeleted',
]);
export const UserReason = z.enum(['connectivityIssues', 'customerService', 'noDetails', 'other', 'tooExpensive', 'unused']);

export const CancellationDetails = z.object({
  cause: CancellationCause,
  userComment: z.string().nullable(),
  userReason: UserReason.nullable(),
});

export const Period = z.object({ number: z.number().int().min(1), start: Timestamp, end: Timestamp });

export const Subscription = z
  .object({
    object: z.literal('subscription'),
    id: idOf('sub'),
    metadata: Metadata,
    activatedAt: Timestamp.nullable(),
    billing: z.null(),
    canceledAt: Timestamp.nullable(),
    cancellationDetails: CancellationDetails.nullable(),
    createdAt: Timestamp,
    currentPeriod: Period.nullable(),
    earliestEndAt: Timestamp.nullable(),
    endedAt: Timestamp.nullable(),
    firstUsageAt: Timestamp.nullable(),
    lastPorting: Porting.nullable(),
    phoneNumber: z.string().nullable(),
    plan: Plan,
    porting: Porting.nullable(),
    restrictedAt: Timestamp.nullable(),
    restrictionDetails: z.null(),
    sim: Sim.nullable(),
    status: SubscriptionStatus,
    user: User,
    userAddress: z.string().nullable(),
  })
  .openapi('Subscription');
export type Subscription = z.infer<typeof Subscription>;

export const CreateSubscriptionBody = z
  .strictObject({
    plan: z.string().min(1).max(64),
    user: z.string().min(1).max(64),
    sim: z.string().min(1).max(64).openapi({ description: '"auto" for a new eSIM, or the id of an unused pSIM' }),
    userAddress: z.string().min(1).max(64).nullable().optional(),
    metadata: MetadataInput.optional(),
    porting: z
      .string()
      .min(1)
      .max(64)
      .nullable()
      .optional()
      .openapi({ description: 'A draft porting (prt_…) to port its number in.' }),
    device: z.string().nullable().optional(),
  })
  .openapi('CreateSubscription');
export type CreateSubscriptionBody = z.infer<typeof CreateSubscriptionBody>;

export const UpdateSubscriptionBody = z.strictObject({ metadata: MetadataInput.optional() }).openapi('UpdateSubscription');

export const CancelSubscriptionBody = z
  .strictObject({
    userReason: UserReason.optional(),
    userComment: z.string().max(1000).optional(),
  })
  .openapi('CancelSubscription');
export type CancelSubscriptionBody = z.infer<typeof CancelSubscriptionBody>;

export const SearchSubscriptionsBody = z
  .strictObject({ phoneNumber: z.string().regex(/^\+[1-9]\d{1,14}$/, 'phoneNumber must be in E.164 form') })
  .openapi('SearchSubscriptions');
