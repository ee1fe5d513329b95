import type { ConnectSessionIntent, IntentType } from '../schemas/connect-session.js';
import type { UpdatePortingBody } from '../schemas/porting.js';
import { type Subscription, UserReason } from '../schemas/subscription.js';
import { Birthday, FullName } from '../schemas/user.js';
import { type AddressFields, checkAddress } from './address-rules.js';
import { ConnectMessages } from './connect-rules.js';
import { brokenRules, DomainError, Messages, type PropertyDetail } from './errors.js';
import { type CardInput, chargeTestCard, checkCardFields } from './payments.js';
import type { Store } from './store.js';
import type { ConnectSessionRecord, PlanRecord, SubscriptionRecord } from './types.js';

export interface CheckoutInput {
  /** `auto` for a new eSIM, or the id of an unused pSIM of the plan's provider. */
  sim: string;
  fullName?: string | undefined;
  birthday?: string | undefined;
  /** A new address, when the plan needs one and the user has none. */
  address?: AddressFields | undefined;
  card: CardInput;
}

/** What a checkout page must ask for, given the session's plan and user. */
export interface CheckoutNeeds {
  plan: PlanRecord;
  /** The SIM the intent names, or null when the user chooses. */
  sim: string | null;
  /** The unused pSIMs of the plan's provider the user may pick (when the plan takes pSIMs). */
  pSims: string[];
  fullName: boolean;
  birthday: boolean;
  /** True when the plan needs an address and the user has none yet. */
  address: boolean;
}

type UserReasonValue = (typeof UserReason)['options'][number];

/** A form value checked with the API's own schema for it (a page posts anything). */
function fieldError(schema: { safeParse(v: unknown): { success: boolean } }, value: unknown): boolean {
  return !schema.safeParse(value).success;
}

/**
 * What the simulated Connect does when a user presses its buttons, one operation per intent.
 * Rules only (no HTTP): the pages in src/connect call these. Every change goes through the same
 * store operations as the API (same rules, same events), acting as the session's user, and each
 * checks first that the session's intent is the one it serves and names the user's own resource.
 * A flow either completes whole or changes nothing: every check (and the fake payment) comes
 * before the first write.
 */
export class ConnectFlows {
  constructor(private readonly store: Store) {}

  #params<T extends IntentType>(session: ConnectSessionRecord, type: T): NonNullable<ConnectSessionIntent[T]> {
    if (session.intent.type !== type) throw new DomainError('invalid', `This Connect Session is for ${session.intent.type}.`);
    // A flow runs once: going back and paying again must not buy a second subscription.
    if (session.completedAt !== null) throw new DomainError('invalid', ConnectMessages.sessionCompleted);
    return (session.intent[type] ?? {}) as NonNullable<ConnectSessionIntent[T]>;
  }

  /** The intent's subscription, which must be the session user's own. */
  subscriptionOf(project: string, session: ConnectSessionRecord): SubscriptionRecord {
    const id = (session.intent[session.intent.type] as { subscription?: string } | undefined)?.subscription;
    if (id === undefined) throw new DomainError('invalid', 'This Connect Session names no subscription.');
    const sub = this.store.subscriptions.record(project, id);
    if (session.user !== null && sub.user !== session.user)
      throw new DomainError('permissionDenied', ConnectMessages.subscriptionOfAnotherUser);
    return sub;
  }

  /** Runs a flow's writes as the session's user, then records the flow as done (with what it made). */
  #as<T>(session: ConnectSessionRecord, project: string, fn: (user: string) => T, result?: (value: T) => string): T {
    const user = this.store.connectSessions.ensureUser(project, session.id);
    const value = this.store.as({ type: 'user', user }, () => fn(user));
    this.store.connectSessions.complete(project, session.id, result?.(value) ?? null);
    return value;
  }

  checkoutNeeds(project: string, session: ConnectSessionRecord): CheckoutNeeds {
    const params = this.#params(session, 'checkoutNewSubscription');
    const state = this.store.project(project);
    const plan = this.store.plans.record(project, params.plan);
    const user = session.user !== null ? state.users.get(session.user) : undefined;
    const fullName = user?.fullName ?? session.userDetails?.fullName ?? null;
    const birthday = user?.birthday ?? session.userDetails?.birthday ?? null;
    const hasAddress = user !== undefined && state.addressesByUser.get(user.id).length > 0;
    const pSims = plan.simTypes.includes('pSIM')
      ? [...state.sims.values()]
          .filter((s) => s.type === 'pSIM' && s.subscription === null && s.status !== 'retired' && s.provider === plan.provider)
          .slice(0, 20)
          .map((s) => s.id)
      : [];
    return {
      plan,
      sim: params.sim ?? null,
      pSims,
      fullName: plan.requirements['user.fullName'] !== 'none' && !fullName,
      birthday: plan.requirements['user.birthday'] !== 'none' && !birthday,
      address: plan.requirements.address !== 'none' && !hasAddress,
    };
  }

  /**
   * The checkout: details, then the card's fields, then the charge; only then the writes (the user
   * made from userDetails, their name and birthday, the address, the subscription, which starts
   * pending and activates on the clock as any other).
   */
  /** Checkout's first step: everything but the card, checked without a write. */
  checkCheckoutDetails(project: string, session: ConnectSessionRecord, input: Omit<CheckoutInput, 'card'>): CheckoutNeeds {
    const needs = this.checkoutNeeds(project, session);
    const { plan } = needs;
    const details: PropertyDetail[] = [];
    const bad = (property: string, message: string) => details.push({ property, message, code: 'propertyInvalid' });
    if (plan.status !== 'available') bad('plan', Messages.planNotAvailable);
    const sim = needs.sim ?? input.sim;
    // Every rule subscriptions.create applies is checked here first, so no write is ever left alone.
    if (session.user !== null && this.store.project(project).users.get(session.user)?.status === 'deleted')
      bad('user', Messages.userDeleted);
    if (sim === 'auto') {
      if (!plan.simTypes.includes('eSIM')) bad('sim', Messages.autoOnPSimPlan);
    } else if (!needs.pSims.includes(sim)) {
      // The intent's own SIM too: it may have been taken since the session was made.
      const record = this.store.project(project).sims.get(sim);
      const usable =
        record &&
        record.type === 'pSIM' &&
        record.subscription === null &&
        record.status !== 'retired' &&
        record.provider === plan.provider;
      if (!usable) bad('sim', record?.subscription ? Messages.simAlreadyUsed : Messages.simNotUsable);
    }
    if (needs.fullName && (!input.fullName?.trim() || fieldError(FullName, input.fullName.trim())))
      bad('fullName', 'Enter your full name (at most 255 characters).');
    if (needs.birthday && fieldError(Birthday, input.birthday ?? '')) bad('birthday', 'Enter your birthday as a real date.');
    if (needs.address) {
      if (input.address === undefined) bad('address', 'Enter your address.');
      else for (const d of checkAddress(input.address)) details.push({ ...d, property: `address.${d.property}` });
    }
    const broken = brokenRules(details);
    if (broken) throw broken;
    return needs;
  }

  checkout(project: string, session: ConnectSessionRecord, input: CheckoutInput): Subscription {
    const needs = this.checkCheckoutDetails(project, session, input);
    const { plan } = needs;
    const sim = needs.sim ?? input.sim;
    const cardBroken = brokenRules(checkCardFields(input.card, this.store.ctx.clock.now()));
    if (cardBroken) throw cardBroken;
    chargeTestCard(input.card);

    return this.#as(
      session,
      project,
      (user) => {
        const update: { fullName?: string; birthday?: string } = {};
        if (needs.fullName && input.fullName) update.fullName = input.fullName.trim();
        if (needs.birthday && input.birthday) update.birthday = input.birthday;
        if (Object.keys(update).length > 0) this.store.users.update(project, user, update);
        let userAddress: string | null = null;
        if (needs.address && input.address) {
          userAddress = this.store.addresses.create(project, user, input.address).id;
        } else if (plan.requirements.address !== 'none') {
          userAddress = this.store.project(project).addressesByUser.get(user).at(-1) ?? null;
        }
        return this.store.subscriptions.create(project, { plan: plan.id, user, sim, userAddress });
      },
      (sub) => sub.id,
    );
  }

  /** Add-ons for an active subscription, paid with a test card. */
  checkoutAddons(project: string, session: ConnectSessionRecord, card: CardInput): string[] {
    const params = this.#params(session, 'checkoutAddon');
    const sub = this.subscriptionOf(project, session);
    if (sub.status !== 'active') throw new DomainError('invalid', Messages.addonNeedsActiveSubscription);
    const cardBroken = brokenRules(checkCardFields(card, this.store.ctx.clock.now()));
    if (cardBroken) throw cardBroken;
    chargeTestCard(card);
    return this.#as(
      session,
      project,
      () => params.addons.map((addon) => this.store.subscriptionAddons.create(project, { subscription: sub.id, addon }).id),
      () => sub.id,
    );
  }

  cancel(project: string, session: ConnectSessionRecord, reason?: string): Subscription {
    this.#params(session, 'cancelSubscription');
    if (reason !== undefined && fieldError(UserReason, reason))
      throw brokenRules([
        { property: 'userReason', message: 'Choose one of the listed reasons.', code: 'propertyInvalid' },
      ]) as DomainError;
    const sub = this.subscriptionOf(project, session);
    return this.#as(
      session,
      project,
      () =>
        this.store.subscriptions.cancel(project, sub.id, reason === undefined ? {} : { userReason: reason as UserReasonValue }),
      () => sub.id,
    );
  }

  resume(project: string, session: ConnectSessionRecord): Subscription {
    this.#params(session, 'resumeSubscription');
    const sub = this.subscriptionOf(project, session);
    return this.#as(
      session,
      project,
      () => this.store.subscriptions.resume(project, sub.id),
      () => sub.id,
    );
  }

  /** Plans a subscription may change to: the same provider's other available plans. */
  changeOptions(project: string, session: ConnectSessionRecord): PlanRecord[] {
    const sub = this.subscriptionOf(project, session);
    const current = this.store.plans.record(project, sub.plan);
    return [...this.store.project(project).plans.values()].filter(
      (p) => p.id !== current.id && p.status === 'available' && p.provider === current.provider,
    );
  }

  changePlan(project: string, session: ConnectSessionRecord, plan: string): string {
    this.#params(session, 'changeSubscription');
    const sub = this.subscriptionOf(project, session);
    if (!this.changeOptions(project, session).some((p) => p.id === plan))
      throw new DomainError('invalid', Messages.planNotAvailable);
    return this.#as(
      session,
      project,
      () => this.store.subscriptionChanges.create(project, { subscription: sub.id, plan }).id,
      (id) => id,
    );
  }

  completePorting(project: string, session: ConnectSessionRecord, input: UpdatePortingBody): string {
    this.#params(session, 'completePorting');
    const sub = this.subscriptionOf(project, session);
    if (sub.porting === null) throw new DomainError('invalid', 'The subscription has no porting.');
    const porting = sub.porting;
    return this.#as(
      session,
      project,
      () => this.store.portings.update(project, porting, input).status,
      () => porting,
    );
  }

  updateAddress(project: string, session: ConnectSessionRecord, address: AddressFields): string {
    this.#params(session, 'updateUserAddress');
    return this.#as(
      session,
      project,
      (user) => this.store.addresses.create(project, user, address).id,
      (id) => id,
    );
  }

  updateFullName(project: string, session: ConnectSessionRecord, fullName: string): void {
    this.#params(session, 'updateUserFullName');
    const name = fullName.trim();
    if (!name)
      throw brokenRules([
        { property: 'fullName', message: 'Enter your full name (at most 255 characters).', code: 'propertyInvalid' },
      ]) as DomainError;
    this.#as(session, project, (user) => this.store.users.update(project, user, { fullName: name }));
  }

  /** A new card, checked like a payment (nothing is stored: payments are not simulated). */
  updatePaymentMethod(project: string, session: ConnectSessionRecord, card: CardInput): void {
    this.#params(session, 'updatePaymentMethod');
    const cardBroken = brokenRules(checkCardFields(card, this.store.ctx.clock.now()));
    if (cardBroken) throw cardBroken;
    chargeTestCard(card);
    this.#as(session, project, () => undefined);
  }

  /** Marks a view-only flow complete (its success page was reached); its subscription must be the user's. */
  viewed(project: string, session: ConnectSessionRecord): void {
    const user = this.store.connectSessions.ensureUser(project, session.id);
    const current = this.store.connectSessions.record(project, session.id);
    if ((current.intent[current.intent.type] as { subscription?: string } | undefined)?.subscription !== undefined) {
      const sub = this.subscriptionOf(project, current);
      if (sub.user !== user) throw new DomainError('permissionDenied', ConnectMessages.subscriptionOfAnotherUser);
    }
    this.#as(current, project, () => undefined);
  }
}
