import { z } from '@hono/zod-openapi';
import { idOf, Metadata, Timestamp } from './common.js';

export const SimType = z.enum(['eSIM', 'pSIM']);
export const PlanStatus = z.enum(['available', 'archived', 'pending', 'draft']);
export const Requirement = z.enum(['none', 'present', 'verified']);

export const Plan = z
  .object({
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
  })
  .openapi('Plan');
export type Plan = z.infer<typeof Plan>;
