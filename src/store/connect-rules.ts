import {
  type ConnectSessionIntent,
  type CreateConnectSessionBody,
  INTENT_PARAMS,
  INTENT_TYPES,
  INTENTS_WITH_PARAMS,
  type IntentType,
} from '../schemas/connect-session.js';
import { brokenRules, DomainError, Messages, type PropertyDetail } from './errors.js';
import type { ProjectState } from './types.js';

/** Intents whose parameters name a subscription of the session's user. */
export const SUBSCRIPTION_INTENTS: ReadonlySet<IntentType> = new Set([
  'cancelSubscription',
  'changeSubscription',
  'checkoutAddon',
  'completePorting',
  'resumeSubscription',
  'viewEsimInstallation',
  'viewSubscription',
]);

export const ConnectMessages = {
  intentParamsRequired: (type: string) => `intent.${type} is required for an intent of type ${type}.`,
  intentParamsForeign: (key: string, type: string) => `intent.${key} does not belong to an intent of type ${type}.`,
  userOrDetails: 'Give either user or userDetails, not both.',
  simAuto: 'Connect cannot pick a new eSIM for you: leave sim out to let the user choose, or give the id of an unused pSIM.',
  subscriptionOfAnotherUser: 'The subscription belongs to another user.',
  confirmPaymentUnsimulated: 'Connect Sessions with intent confirmPayment (payments are not simulated).',
  sessionUnknown: 'The Connect Session does not exist, or its link is wrong.',
  sessionUsed: 'The Connect Session link was already used: create a new session.',
  sessionExpired: 'The Connect Session has expired: create a new session.',
  sessionCompleted: 'This Connect Session is complete: create a new session to do more.',
  browserSessionMissing: 'Open this page from the link the app gave you (this browser has no access to the session).',
  userTokenExpired: 'The user token has expired.',
  userTokenScope: 'A user token can only reach its own user\u2019s resources.',
  userTokenProject: 'The user token belongs to another project.',
} as const;

/** The intent's own parameter object, checked against its type's schema; the others must be absent. */
function checkIntentShape(intent: ConnectSessionIntent, details: PropertyDetail[]): void {
  const bad = (property: string, message: string, required = false) =>
    details.push({ property, message, code: required ? 'propertyRequired' : 'propertyInvalid' });
  for (const key of INTENT_TYPES) {
    if (key !== intent.type && intent[key] !== undefined)
      bad(`intent.${key}`, ConnectMessages.intentParamsForeign(key, intent.type));
  }
  const params = intent[intent.type];
  if (params === undefined) {
    if (INTENTS_WITH_PARAMS.has(intent.type))
      bad(`intent.${intent.type}`, ConnectMessages.intentParamsRequired(intent.type), true);
    return;
  }
  // The schema was applied by the route's validation; in-process callers meet it here too.
  const parsed = INTENT_PARAMS[intent.type].safeParse(params);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      bad(['intent', intent.type, ...issue.path.map(String)].join('.'), issue.message);
    }
  }
}

/**
 * Every broken rule of a new session at once (one 422 naming each property): the intent's shape,
 * who it is for, and the resources it names, which must exist in the project (and belong to the
 * session's user where it has one). What the docs say Connect does not check (a subscription that
 * cannot be canceled, a plan that is not available) is left for the pages to show. Add-ons are
 * looked up in the catalogue (the same for every project).
 */
export function checkCreateSession(
  state: ProjectState,
  input: CreateConnectSessionBody,
  addonExists: (id: string) => boolean,
): void {
  const details: PropertyDetail[] = [];
  const bad = (property: string, message: string) => details.push({ property, message, code: 'propertyInvalid' });
  const { intent } = input;
  if (intent.type === 'confirmPayment')
    throw new DomainError('notImplemented', Messages.notImplemented(ConnectMessages.confirmPaymentUnsimulated));
  checkIntentShape(intent, details);

  const userId = input.user ?? null;
  if (userId !== null && input.userDetails != null) bad('userDetails', ConnectMessages.userOrDetails);
  if (userId !== null) {
    const user = state.users.get(userId);
    if (!user) bad('user', Messages.notFound('user'));
    else if (user.status === 'deleted') bad('user', Messages.userDeleted);
  }

  const params = (intent[intent.type] ?? {}) as Record<string, unknown>;
  const at = (field: string) => `intent.${intent.type}.${field}`;
  if (SUBSCRIPTION_INTENTS.has(intent.type) && typeof params.subscription === 'string') {
    const sub = state.subscriptions.get(params.subscription);
    if (!sub) bad(at('subscription'), Messages.notFound('subscription'));
    else if (userId !== null && sub.user !== userId) bad(at('subscription'), ConnectMessages.subscriptionOfAnotherUser);
  }
  if (Array.isArray(params.addons)) {
    params.addons.forEach((addon, i) => {
      if (typeof addon === 'string' && !addonExists(addon)) bad(`${at('addons')}.${i}`, Messages.notFound('add-on'));
    });
  }
  if (intent.type === 'checkoutNewSubscription') {
    const plan = typeof params.plan === 'string' ? state.plans.get(params.plan) : undefined;
    if (typeof params.plan === 'string' && !plan) bad(at('plan'), Messages.notFound('plan'));
    if (params.sim === 'auto') bad(at('sim'), ConnectMessages.simAuto);
    else if (typeof params.sim === 'string') {
      const sim = state.sims.get(params.sim);
      if (!sim) bad(at('sim'), Messages.notFound('SIM'));
      else if (sim.subscription !== null) bad(at('sim'), Messages.simAlreadyUsed);
      else if (sim.type !== 'pSIM' || sim.status === 'retired') bad(at('sim'), Messages.simNotUsable);
      else if (plan && sim.provider !== plan.provider)
        bad(at('sim'), `The SIM belongs to provider ${sim.provider}, the plan to ${plan.provider}.`);
    }
    if (typeof params.device === 'string') {
      const device = state.devices.get(params.device);
      if (!device) bad(at('device'), Messages.notFound('device'));
      else if (userId !== null && device.user !== null && device.user !== userId)
        bad(at('device'), 'The device belongs to another user.');
    }
  }
  const broken = brokenRules(details);
  if (broken) throw broken;
}
