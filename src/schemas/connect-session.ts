import { z } from '@hono/zod-openapi';
import { idOf } from './common.js';
import { Birthday, EMAIL_MESSAGE, FullName, Locale } from './user.js';

/**
 * Connect Sessions (docs: API reference "Connect Sessions" and the "Connect Session Intents" pages;
 * the types in gigs/connect-sessions-buy-manage-example `lib/schemas/connectSession.ts`). An intent
 * is `{type, <type>: {...}}`: the object named by `type` carries the intent's parameters.
 */
export const INTENT_TYPES = [
  'cancelSubscription',
  'changeSubscription',
  'checkoutAddon',
  'checkoutNewSubscription',
  'completePorting',
  'confirmPayment',
  'resumeSubscription',
  'updatePaymentMethod',
  'updateUserAddress',
  'updateUserFullName',
  'viewEsimInstallation',
  'viewSubscription',
  'viewSubscriptions',
] as const;
export type IntentType = (typeof INTENT_TYPES)[number];
export const IntentTypeSchema = z.enum(INTENT_TYPES);

const ref = z.string().min(1).max(64);
const subscriptionOnly = z.strictObject({ subscription: ref });

/** The parameter object of each intent type; the types without one take none (or an empty object). */
export const INTENT_PARAMS = {
  cancelSubscription: subscriptionOnly,
  changeSubscription: subscriptionOnly,
  checkoutAddon: z.strictObject({ addons: z.array(ref).min(1).max(10), subscription: ref }),
  checkoutNewSubscription: z.strictObject({
    plan: ref,
    // Unlike POST /subscriptions, "auto" is not accepted: left out, Connect asks which SIM (docs).
    sim: ref.optional(),
    device: ref.optional(),
    imei: z
      .string()
      .regex(/^\d{15}$/, 'imei must be 15 digits.')
      .optional(),
    addons: z.array(ref).max(10).optional(),
    voucherCode: z.string().min(1).max(64).optional(),
  }),
  completePorting: z.strictObject({
    subscription: ref,
    behavior: z.strictObject({ hideIntroPage: z.boolean().optional(), hideOutroPage: z.boolean().optional() }).optional(),
  }),
  confirmPayment: z.strictObject({ payment: ref }),
  resumeSubscription: subscriptionOnly,
  updatePaymentMethod: z.strictObject({}),
  updateUserAddress: z.strictObject({}),
  updateUserFullName: z.strictObject({}),
  viewEsimInstallation: subscriptionOnly,
  viewSubscription: subscriptionOnly,
  viewSubscriptions: z.strictObject({}),
} as const satisfies Record<IntentType, z.ZodType>;

/** Intents that need a parameter object (the others may leave theirs out). */
export const INTENTS_WITH_PARAMS: ReadonlySet<IntentType> = new Set(
  INTENT_TYPES.filter(
    (type) => !['updatePaymentMethod', 'updateUserAddress', 'updateUserFullName', 'viewSubscriptions'].includes(type),
  ),
);

/** The intent as sent: its type, and any of the parameter objects (the one of its type is checked in the store). */
export const IntentInput = z
  .strictObject({
    type: IntentTypeSchema,
    ...Object.fromEntries(Object.entries(INTENT_PARAMS).map(([type, schema]) => [type, schema.optional()])),
  })
  .openapi('ConnectSessionIntent') as unknown as z.ZodType<ConnectSessionIntent>;

export type ConnectSessionIntent = { type: IntentType } & {
  [K in IntentType]?: z.infer<(typeof INTENT_PARAMS)[K]>;
};

export const Appearance = z.strictObject({ theme: z.enum(['light', 'dark']).optional() }).openapi('ConnectSessionAppearance');

export const UserDetails = z
  .strictObject({
    email: z.email(EMAIL_MESSAGE).max(254),
    fullName: FullName.optional(),
    preferredLocale: Locale.optional(),
    birthday: Birthday.optional(),
  })
  .openapi('ConnectSessionUserDetails');
export type UserDetails = z.infer<typeof UserDetails>;

export const CallbackUrl = z
  .string()
  .max(2048)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        // Apps use their own schemes (myapp://done); a script or data URL would run in Connect's page.
        return !['javascript:', 'data:', 'file:', 'vbscript:', 'blob:'].includes(url.protocol);
      } catch {
        return false;
      }
    },
    { message: 'callbackUrl must be an absolute URL (http, https or an app scheme).' },
  );

export const CreateConnectSessionBody = z
  .strictObject({
    intent: IntentInput,
    user: ref.nullable().optional(),
    userDetails: UserDetails.nullable().optional(),
    callbackUrl: CallbackUrl.nullable().optional(),
    appearance: Appearance.optional(),
  })
  .openapi('CreateConnectSession');
export type CreateConnectSessionBody = z.infer<typeof CreateConnectSessionBody>;

export const ConnectSession = z
  .object({
    object: z.literal('connectSession'),
    id: idOf('csn'),
    appearance: z.object({ theme: z.enum(['light', 'dark']).optional() }),
    callbackUrl: z.string().nullable(),
    intent: z.object({ type: IntentTypeSchema }).catchall(z.unknown()),
    url: z
      .string()
      .nullable()
      .openapi({ description: 'Only on the create response (and an update that associates a user): keep it secret.' }),
    user: z.string().nullable(),
  })
  .openapi('ConnectSession');
export type ConnectSession = z.infer<typeof ConnectSession>;

/** The token exchange Gigs' embeds make (gigs/embeds-js `lib/core/token.ts`). */
export const EmbedsAuthBody = z.strictObject({ secret: z.string().min(1).max(512) });
