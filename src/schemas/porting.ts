import { z } from '@hono/zod-openapi';
import { idOf, Timestamp } from './common.js';

/**
 * Port-ins, port-outs and service providers. Fields follow the newest portings and port-outs API
 * reference (developers.gigs.com `/api/latest/core/portings`, `/api/latest/core/port-outs`); Gigs'
 * embeds read a subset of them (gigs/embeds-js `lib/types/porting.ts`, gigs/embeds-react-native
 * `types/porting.ts`). Where the two disagree the docs win (README, fidelity notes).
 */

export const ServiceProvider = z
  .object({
    object: z.literal('serviceProvider'),
    id: idOf('svp'),
    name: z.string(),
    recipientProviders: z.array(z.string()),
  })
  .openapi('ServiceProvider');
export type ServiceProvider = z.infer<typeof ServiceProvider>;

export const PortingStatus = z.enum([
  'draft',
  'pending',
  'informationRequired',
  'requested',
  'declined',
  'completed',
  'canceled',
  'expired',
  'failed',
]);
export type PortingStatus = z.infer<typeof PortingStatus>;

export const PortingRequiredField = z.enum([
  'accountNumber',
  'accountPin',
  'address',
  'birthday',
  'donorProvider',
  'donorProviderApproval',
  'firstName',
  'lastName',
]);
export type PortingRequiredField = z.infer<typeof PortingRequiredField>;

/** The decline codes of the porting schema (reference §3.4; the same list as embeds-react-native). */
export const PortingDeclinedCode = z.enum([
  'portingAccountNumberRequiredOrInvalid',
  'portingAccountPinRequiredOrInvalid',
  'portingAddressRequiredOrInvalid',
  'portingDeclined',
  'portingDuplicated',
  'portingFirstNameRequiredOrInvalid',
  'portingLastNameRequiredOrInvalid',
  'portingPendingOtherProvider',
  'portingPhoneNumberAdministrative',
  'portingPhoneNumberNotActive',
  'portingPhoneNumberNotFound',
  'portingPhoneNumberPortProtected',
  'portingPhoneNumberPrepaid',
  'portingSameNewAndOldNetworkProvider',
  'portingUserInformationMismatch',
  'portingZipCodeRequiredOrInvalid',
]);
export type PortingDeclinedCode = z.infer<typeof PortingDeclinedCode>;

export const PortingAddress = z.object({
  city: z.string(),
  country: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  postalCode: z.string().nullable(),
  state: z.string().nullable(),
});
export type PortingAddress = z.infer<typeof PortingAddress>;

export const Porting = z
  .object({
    object: z.literal('porting'),
    id: idOf('prt'),
    accountNumber: z.string().nullable(),
    accountPinExists: z.boolean(),
    accountType: z.null().openapi({ description: 'Only used in Ireland; always null here.' }),
    address: PortingAddress.nullable(),
    behavior: z.enum(['portIn', 'cancelOnly']),
    billingPinExists: z.boolean(),
    birthday: z.string().nullable(),
    canceledAt: Timestamp.nullable(),
    completedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    declinedAttempts: z.number().int().min(0),
    declinedCode: z.string().nullable(),
    declinedMessage: z.string().nullable(),
    donorProvider: ServiceProvider.nullable(),
    donorProviderApproval: z.boolean().nullable(),
    expiredAt: Timestamp.nullable(),
    failedAt: Timestamp.nullable(),
    firstName: z.string().nullable(),
    lastDeclinedAt: Timestamp.nullable(),
    lastName: z.string().nullable(),
    lastRequestedAt: Timestamp.nullable(),
    phoneNumber: z.string(),
    provider: z.string(),
    recipientProvider: ServiceProvider,
    required: z.array(PortingRequiredField),
    status: PortingStatus,
    subscription: z.string().nullable(),
    user: z.string(),
  })
  .openapi('Porting');
export type Porting = z.infer<typeof Porting>;

const Text = z.string().trim().min(1).max(128);
const E164 = z.string().regex(/^\+[1-9]\d{1,14}$/, 'phoneNumber must be in E.164 form');

export const PortingAddressInput = z.strictObject({
  city: Text,
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code')
    .transform((s) => s.toUpperCase()),
  line1: Text,
  line2: Text.nullable().optional(),
  postalCode: z.string().trim().min(1).max(32).nullable().optional(),
  state: z.string().trim().min(1).max(64).nullable().optional(),
});
export type PortingAddressInput = z.infer<typeof PortingAddressInput>;

/** The fields a partner sends about the donor account, on create and on update (embeds' PATCH body). */
const portingFields = {
  accountNumber: z.string().trim().min(1).max(64).optional(),
  accountPin: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: 'Never stored or returned: sets accountPinExists.' }),
  address: PortingAddressInput.nullable().optional(),
  birthday: z.iso.date('birthday must be a date such as 1990-07-21').optional(),
  donorProvider: z.string().min(1).max(64).optional().openapi({ description: 'A service provider id (svp_…).' }),
  donorProviderApproval: z.boolean().nullable().optional(),
  firstName: Text.optional(),
  lastName: Text.optional(),
};

export const CreatePortingBody = z
  .strictObject({
    phoneNumber: E164,
    provider: z.string().min(1).max(64),
    user: z.string().min(1).max(64),
    ...portingFields,
  })
  .openapi('CreatePorting');
export type CreatePortingBody = z.infer<typeof CreatePortingBody>;

export const UpdatePortingBody = z.strictObject(portingFields).openapi('UpdatePorting');
export type UpdatePortingBody = z.infer<typeof UpdatePortingBody>;

export const PortOutStatus = z.enum(['initiated', 'processing', 'issued', 'completed', 'expired', 'failed']);
export type PortOutStatus = z.infer<typeof PortOutStatus>;

export const PortOut = z
  .object({
    object: z.literal('portOut'),
    id: idOf('pto'),
    behavior: z.enum(['portOut', 'cancelOnly']),
    completedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    expiredAt: Timestamp.nullable(),
    failureReason: z.enum(['consentNotGiven', 'consentRequestCanceled']).nullable(),
    status: PortOutStatus,
    subscription: z.string(),
    user: z.string(),
  })
  .openapi('PortOut');
export type PortOut = z.infer<typeof PortOut>;

export const PortOutCredentials = z
  .object({
    object: z.literal('portOutCredentials'),
    accountNumber: z.string(),
    accountPin: z.string().nullable(),
    expiresAt: Timestamp,
    portOut: z.string(),
    subscription: z.string(),
  })
  .openapi('PortOutCredentials');
export type PortOutCredentials = z.infer<typeof PortOutCredentials>;

export const CreatePortOutBody = z.strictObject({ subscription: z.string().min(1).max(64) }).openapi('CreatePortOut');
export type CreatePortOutBody = z.infer<typeof CreatePortOutBody>;
