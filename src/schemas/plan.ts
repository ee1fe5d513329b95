import { z } from '@hono/zod-openapi';
import { idOf, Metadata, Timestamp } from './common.js';

export const SimType = z.enum(['eSIM', 'pSIM']);
export const PlanStatus = z.enum(['available', 'archived', 'pending', 'draft']);
export const Requirement = z.enum(['none', 'present', 'verified']);

/** A plan as the simulator keeps it (snapshots, scenarios): the current fields only. */
export const PlanDefinition = z.object({
  object: z.literal('plan'),
  id: idOf('pln'),
  metadata: Metadata,
  activationTrigger: z.enum(['creation', 'usageStarted']),
  allowances: z.object({
    dataBytes: z.number().int().nullable(),
    voiceSeconds: z.number().int().nullable(),
    smsMessages: z.number().int().nullable(),
  }),
  coverage: z.object({
    object: z.literal('coverage'),
    id: z.string(),
    name: z.string(),
    countries: z.array(z.string()),
  }),
  createdAt: Timestamp,
  description: z.string().nullable(),
  firstPeriodTrigger: z.enum(['activation', 'creation']),
  image: z.string().nullable(),
  limits: z.object({
    dataBytes: z.number().int().nullable(),
    bandwidthBitsPerSecond: z.number().int().nullable(),
    throttling: z.object({ thresholdBytes: z.number().int(), bandwidthBitsPerSecond: z.number().int() }).nullable(),
  }),
  name: z.string(),
  price: z.object({ amount: z.number().int(), currency: z.string() }),
  provider: z.string(),
  requirements: z.object({
    address: Requirement,
    'user.birthday': Requirement,
    'user.fullName': Requirement,
    device: z.enum(['none', 'present']),
  }),
  simTypes: z.array(SimType),
  status: PlanStatus,
  validity: z.object({
    value: z.number().int().positive(),
    unit: z.enum(['day', 'month']),
    type: z.enum(['oneTime', 'recurring']),
    minimumPeriods: z.number().int().nonnegative(),
  }),
});
export type PlanDefinition = z.infer<typeof PlanDefinition>;

/** A deprecated flat allowance: the same amount as in `allowances`, with -1 for unlimited. */
const FlatAllowance = z.number().int().min(-1);

/**
 * The plan on the wire: the definition plus the deprecated flat allowance fields, which the
 * `com.gigs.plan.*` event schemas still mark required (`data` in bytes, `sms` in messages, `voice`
 * in seconds, -1 meaning unlimited; docs "The Plan resource", older /core/plans). Older
 * integrations read `plan.data`. They are derived from `allowances` (src/store/plans.ts).
 */
export const FlatAllowances = {
  data: FlatAllowance,
  dataUnit: z.literal('byte'),
  sms: FlatAllowance,
  smsUnit: z.literal('message'),
  voice: FlatAllowance,
  voiceUnit: z.literal('second'),
};
export const Plan = PlanDefinition.extend(FlatAllowances).openapi('Plan');
export type Plan = z.infer<typeof Plan>;
