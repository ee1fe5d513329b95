import { addMonths } from '../engine/clock.js';
import type { Random } from '../engine/random.js';
import type { CreateSubscriptionBody } from '../schemas/subscription.js';
import { DomainError, Messages, type PropertyDetail } from './errors.js';
import type { PlanRecord, ProjectState } from './types.js';

/**
 * Only a subscription on a recurring plan can be canceled or resumed: Gigs' Connect Session
 * Intents docs allow the cancel and resume intents only for recurring subscriptions (and cancel only
 * without an `endedAt`). A one-time plan runs out by itself. Gigs documents no code for it.
 */
export function requireRecurring(plan: PlanRecord, message: string): void {
  if (plan.validity.type !== 'recurring') throw new DomainError('invalid', message);
}

/** Checks every rule of a create request; reports all bad properties at once. */
export function checkCreate(
  state: ProjectState,
  input: CreateSubscriptionBody,
): { plan: PlanRecord; simId: string | null; userAddress: string | null; porting: string | null } {
  const details: PropertyDetail[] = [];
  const bad = (property: string, message: string) => details.push({ property, message, code: 'propertyInvalid' });
  let code: string | undefined;
  if (input.device != null) bad('device', Messages.unsupportedProperty('device'));

  const user = state.users.get(input.user);
  if (!user) bad('user', Messages.notFound('user'));
  else if (user.status === 'deleted') bad('user', Messages.userDeleted);

  const plan = state.plans.get(input.plan);
  if (!plan) bad('plan', Messages.notFound('plan'));
  else if (plan.status !== 'available') bad('plan', Messages.planNotAvailable);

  let simId: string | null = null;
  if (input.sim === 'auto') {
    if (plan && !plan.simTypes.includes('eSIM')) bad('sim', Messages.autoOnPSimPlan);
  } else {
    const sim = state.sims.get(input.sim);
    // "eSIM" or "new" is a guess at how to ask for a new eSIM: say how, and how to find a pSIM.
    if (!sim) bad('sim', input.sim.startsWith('sim_') ? Messages.notFound('SIM') : Messages.simIdNotFound(input.sim));
    else if (sim.subscription !== null) {
      bad('sim', Messages.simAlreadyUsed);
      code = 'simAlreadyUsed';
    } else if (sim.type !== 'pSIM' || sim.status === 'retired') bad('sim', Messages.simNotUsable);
    else if (plan && !plan.simTypes.includes('pSIM')) bad('sim', Messages.simTypeNotSupported);
    else if (plan && sim.provider !== plan.provider)
      bad('sim', `The SIM belongs to provider ${sim.provider}, the plan to ${plan.provider}.`);
    else simId = sim.id;
  }

  const addressId = input.userAddress ?? null;
  if (addressId !== null) {
    const address = state.addresses.get(addressId);
    if (!address) bad('userAddress', Messages.notFound('user address'));
    // Ownership means nothing for a user that does not exist (already reported above).
    else if (user && address.user !== input.user) bad('userAddress', Messages.addressNotOwned);
  } else if (plan && plan.requirements.address !== 'none') {
    details.push({ property: 'userAddress', message: Messages.addressRequired, code: 'propertyRequired' });
  }
  if (plan && user) {
    if (plan.requirements['user.fullName'] !== 'none' && !user.fullName) bad('user', Messages.userFieldRequired('fullName'));
    if (plan.requirements['user.birthday'] !== 'none' && !user.birthday) bad('user', Messages.userFieldRequired('birthday'));
    if (plan.requirements.device !== 'none') bad('device', Messages.unsupportedProperty('device'));
  }
  const porting = input.porting ?? null;
  if (porting !== null) {
    const record = state.portings.get(porting);
    if (!record) bad('porting', Messages.notFound('porting'));
    else if (record.subscription !== null) bad('porting', Messages.portingUsedBySubscription);
    else if (record.status !== 'draft') bad('porting', Messages.portingNotDraft);
    else if (record.user !== input.user) bad('porting', Messages.portingUserMismatch);
    else if (plan && !hasPhoneNumber(plan)) bad('porting', Messages.portingNeedsPhoneNumberPlan);
    else if (plan && record.provider !== plan.provider) {
      bad('porting', Messages.portingProviderMismatch);
      code ??= 'portingProviderMismatch';
    }
  }
  if (details.length > 0 || !plan) {
    const first = details[0]?.message ?? Messages.validation;
    throw new DomainError(
      code === 'simAlreadyUsed' ? 'conflict' : 'invalid',
      details.length === 1 ? first : Messages.validation,
      { code, details },
    );
  }
  return { plan, simId, userAddress: addressId, porting };
}

/** A new US number in E.164, unique in the project. */
export function newPhoneNumber(state: ProjectState, random: Random): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    // NANP: area code and exchange start 2-9; 555-01xx style numbers are avoided by chance only.
    const number = ['+1', random.int(2, 9), random.digits(2), random.int(2, 9), random.digits(6)].join('');
    if (!state.phoneNumbers.has(number)) return number;
  }
  throw new DomainError('unavailable', Messages.phoneNumbersExhausted);
}

export function periodEnd(start: number, plan: PlanRecord): number {
  return periodEndAfter(start, plan, 1);
}

export function periodEndAfter(start: number, plan: PlanRecord, periods: number): number {
  const { value, unit } = plan.validity;
  return unit === 'month' ? addMonths(start, value * periods) : start + value * periods * 86_400_000;
}

/** The end of the minimum commitment (plan.validity.minimumPeriods, at least one period). */
export function earliestEnd(activatedAt: number, plan: PlanRecord): number {
  return periodEndAfter(activatedAt, plan, Math.max(1, plan.validity.minimumPeriods));
}

/** Data-only plans have no phone number ("only available for voice plans", reference §9.1). */
export function hasPhoneNumber(plan: PlanRecord): boolean {
  return plan.allowances.voiceSeconds !== 0 || plan.allowances.smsMessages !== 0;
}
