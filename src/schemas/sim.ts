import { z } from '@hono/zod-openapi';
import { idOf, Metadata, Timestamp } from './common.js';
import { SimType } from './plan.js';

export const SimStatus = z.enum(['inactive', 'active', 'retired']);

/** ICCID pattern from the `invalidICCID` hint in the Gigs error schema page. */
export const ICCID_PATTERN = /^([0-9]{19}F?|[0-9]{20})$/i;

export const Sim = z
  .object({
    object: z.literal('sim'),
    id: idOf('sim'),
    metadata: Metadata,
    createdAt: Timestamp,
    iccid: z.string().regex(ICCID_PATTERN),
    provider: z.string(),
    status: SimStatus,
    type: SimType,
  })
  .openapi('Sim');
export type Sim = z.infer<typeof Sim>;

export const SimCredentials = z
  .object({
    object: z.literal('simCredentials'),
    activationCode: z.string().nullable(),
    androidInstallUrl: z.string().nullable(),
    iosInstallUrl: z.string().nullable(),
    qrCodeUrl: z.string().nullable(),
    sim: idOf('sim'),
  })
  .openapi('SimCredentials');
export type SimCredentials = z.infer<typeof SimCredentials>;

export const ESimProfile = z
  .object({
    object: z.literal('eSimProfile'),
    sim: Sim,
    status: z.enum(['deleted', 'disabled', 'enabled', 'installed', 'unknown']),
    updatedAt: Timestamp,
  })
  .openapi('ESimProfile');
export type ESimProfile = z.infer<typeof ESimProfile>;

export const SearchSimsBody = z.strictObject({ iccid: z.string().min(1).max(32) }).openapi('SearchSims');
