import { z } from '@hono/zod-openapi';
import { idOf, Metadata, MetadataInput, Timestamp } from './common.js';

export const UserStatus = z.enum(['active', 'blocked', 'deleted']);

export const User = z
  .object({
    object: z.literal('user'),
    id: idOf('usr'),
    metadata: Metadata,
    birthday: z.string().nullable(),
    createdAt: Timestamp,
    email: z.string(),
    emailVerified: z.boolean(),
    fullName: z.string().nullable(),
    preferredLocale: z.string(),
    status: UserStatus,
  })
  .openapi('User');
export type User = z.infer<typeof User>;

export const EMAIL_MESSAGE = 'email must be a valid email address.';
export const Birthday = z.iso.date('birthday must be a date as YYYY-MM-DD.').openapi({ example: '1990-07-21' });
export const Locale = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'preferredLocale must be an IETF language tag such as en-US.')
  .openapi({ example: 'en-US' });
export const FullName = z.string().min(1).max(255);

export const CreateUserBody = z
  .strictObject({
    email: z.email(EMAIL_MESSAGE).max(254),
    fullName: FullName.nullable().optional(),
    birthday: Birthday.nullable().optional(),
    preferredLocale: Locale.optional(),
    metadata: MetadataInput.optional(),
  })
  .openapi('CreateUser');
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z
  .strictObject({
    email: z.email(EMAIL_MESSAGE).max(254).optional(),
    fullName: FullName.nullable().optional(),
    birthday: Birthday.nullable().optional(),
    preferredLocale: Locale.optional(),
    metadata: MetadataInput.optional(),
  })
  .openapi('UpdateUser');
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const SearchUsersBody = z.strictObject({ email: z.string().min(1).max(254) }).openapi('SearchUsers');
