import { z } from '@hono/zod-openapi';
import { idOf, Timestamp } from './common.js';

export const UserAddress = z
  .object({
    object: z.literal('userAddress'),
    id: idOf('adr'),
    city: z.string(),
    country: z.string(),
    createdAt: Timestamp,
    line1: z.string(),
    line2: z.string().nullable(),
    postalCode: z.string().nullable(),
    state: z.string().nullable(),
    user: z.string(),
  })
  .openapi('UserAddress');
export type UserAddress = z.infer<typeof UserAddress>;

const Line = z.string().trim().min(1).max(255);

/** Types only: the address rules (country, state, postal code) are domain rules in the store. */
export const CreateUserAddressBody = z
  .strictObject({
    line1: Line,
    line2: Line.nullable().optional(),
    city: Line,
    state: z.string().trim().max(64).nullable().optional(),
    postalCode: z.string().trim().max(32).nullable().optional(),
    country: z.string().trim().min(1).max(64),
  })
  .openapi('CreateUserAddress');
export type CreateUserAddressBody = z.infer<typeof CreateUserAddressBody>;
