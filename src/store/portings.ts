import type {
  CreatePortingBody,
  Porting,
  PortingDeclinedCode,
  PortingRequiredField,
  UpdatePortingBody,
} from '../schemas/porting.js';
import { mapPage, type Page, type PageQuery } from './collection.js';
import { DEFAULT_PORTING, type StoreContext } from './context.js';
import { changedFields } from './diff.js';
import { DomainError, Messages, notFound } from './errors.js';
import {
  checkCreatePorting,
  checkDonor,
  DECLINE_MESSAGES,
  donorAnswer,
  isRejectedPin,
  missingFields,
  OPEN_STATUSES,
  PORTING_EXPIRY_MS,
  portingAddress,
  presentPorting,
  sortFields,
  US_REQUIRED,
} from './porting-rules.js';
import type { PortingRecord, PortingSetting, ProjectState } from './types.js';

export const JOB_PORTING_STEP = 'porting.step';
export const JOB_PORTING_EXPIRE = 'porting.expire';

export interface PortingFilter {
  status?: string[] | undefined;
  user?: string[] | undefined;
  subscription?: string[] | undefined;
  phoneNumber?: string[] | undefined;
}

/** What the subscriptions learn of their porting's outcome (wired in store.ts). */
export interface PortingOutcomes {
  completed(project: string, subscription: string, phoneNumber: string): void;
  canceled(project: string, subscription: string): void;
  expired(project: string, subscription: string): void;
}

/**
 * Port-ins (reference §12.1; docs "How porting in works"): a draft collects what the donor needs,
 * a subscription submits it, and the simulated donor answers on the scheduler (src/store/porting-rules.ts).
 */
export class PortingStore {
  readonly #ctx: StoreContext;
  outcomes: PortingOutcomes = { completed: () => {}, canceled: () => {}, expired: () => {} };

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(project: string, input: CreatePortingBody, timing?: Partial<PortingSetting>): Porting {
    const state = this.#ctx.project(project);
    checkCreatePorting(state, input);
    const base = state.settings.porting ?? DEFAULT_PORTING;
    const now = this.#ctx.now();
    const record: PortingRecord = {
      object: 'porting',
      id: this.#ctx.random.id('prt'),
      accountNumber: input.accountNumber ?? null,
      accountPinExists: input.accountPin !== undefined,
      accountType: null,
      address: input.address === undefined ? null : portingAddress(input.address),
      behavior: 'portIn',
      billingPinExists: false,
      birthday: input.birthday ?? null,
      canceledAt: null,
      completedAt: null,
      createdAt: now,
      declinedAttempts: 0,
      declinedCode: null,
      declinedMessage: null,
      donorProvider: input.donorProvider ?? null,
      donorProviderApproval: input.donorProviderApproval ?? null,
      expiredAt: null,
      failedAt: null,
      firstName: input.firstName ?? null,
      lastDeclinedAt: null,
      lastName: input.lastName ?? null,
      lastRequestedAt: null,
      phoneNumber: input.phoneNumber,
      provider: input.provider,
      required: [],
      status: 'draft',
      subscription: null,
      user: input.user,
      accountPinRejected: input.accountPin !== undefined && isRejectedPin(input.accountPin),
      step: 0,
      timing: { mode: timing?.mode ?? base.mode, delayMs: timing?.delayMs ?? base.delayMs },
    };
    record.required = missingFields(record, US_REQUIRED);
    state.portings.add(record);
    this.#scheduleExpiry(state, record);
    this.#ctx.emit(project, 'com.gigs.porting.created', () => presentPorting(record));
    return presentPorting(record);
  }

  record(project: string, id: string): PortingRecord {
    const porting = this.#ctx.project(project).portings.get(id);
    if (!porting) throw notFound('porting');
    return porting;
  }

  get(project: string, id: string): Porting {
    return presentPorting(this.record(project, id));
  }

  list(project: string, query: PageQuery, filter: PortingFilter = {}): Page<Porting> {
    const state = this.#ctx.project(project);
    const page = state.portings.page(
      query,
      (p) =>
        (!filter.status || filter.status.includes(p.status)) &&
        (!filter.user || filter.user.includes(p.user)) &&
        (!filter.subscription || (p.subscription !== null && filter.subscription.includes(p.subscription))) &&
        (!filter.phoneNumber || filter.phoneNumber.includes(p.phoneNumber)),
    );
    return mapPage(page, presentPorting);
  }

  /** Sends the fields the donor needs; a declined or incomplete submitted porting is resubmitted. */
  update(project: string, id: string, input: UpdatePortingBody): Porting {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (!['draft', 'pending', 'informationRequired', 'declined'].includes(current.status)) {
      throw new DomainError('invalid', Messages.portingNotUpdatable, { code: 'portingNotUpdatable' });
    }
    if (input.donorProvider !== undefined) checkDonor(input.donorProvider, current.provider);
    const next: PortingRecord = { ...current };
    const sent: PortingRequiredField[] = [];
    if (input.accountNumber !== undefined) {
      next.accountNumber = input.accountNumber;
      sent.push('accountNumber');
    }
    if (input.accountPin !== undefined) {
      // The PIN itself is never kept: only that one was given, and whether the sandbox donor rejects it.
      next.accountPinExists = true;
      next.accountPinRejected = isRejectedPin(input.accountPin);
      sent.push('accountPin');
    }
    if (input.address !== undefined) {
      next.address = portingAddress(input.address);
      sent.push('address');
    }
    if (input.birthday !== undefined) {
      next.birthday = input.birthday;
      sent.push('birthday');
    }
    if (input.donorProvider !== undefined) {
      next.donorProvider = input.donorProvider;
      sent.push('donorProvider');
    }
    if (input.donorProviderApproval !== undefined) {
      next.donorProviderApproval = input.donorProviderApproval;
      sent.push('donorProviderApproval');
    }
    if (input.firstName !== undefined) {
      next.firstName = input.firstName;
      sent.push('firstName');
    }
    if (input.lastName !== undefined) {
      next.lastName = input.lastName;
      sent.push('lastName');
    }
    // required[] shrinks by what arrived (a field asked for again is dropped once it is sent anew).
    const stillAsked = current.required.filter((f) => !sent.includes(f) || missingFields(next, [f]).length > 0);
    next.required = sortFields([...stillAsked, ...missingFields(next, US_REQUIRED)]);
    const waiting = current.status === 'declined' || current.status === 'informationRequired';
    // A correction resubmits; a pending porting that lost a required field waits for it again.
    if ((sent.length > 0 && waiting) || (current.status === 'pending' && next.required.length > 0)) {
      this.#resubmit(state, next);
    }
    return presentPorting(this.#commit(state, current, next, 'com.gigs.porting.updated'));
  }

  cancel(project: string, id: string): Porting {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status === 'canceled') {
      throw new DomainError('invalid', Messages.portingAlreadyCanceled, { code: 'portingAlreadyCanceled' });
    }
    if (!['pending', 'informationRequired', 'requested', 'declined'].includes(current.status)) {
      throw new DomainError('invalid', Messages.portingNotCancelable, { code: 'portingNotCancelable' });
    }
    const next = this.#canceled(state, current);
    if (next.subscription !== null) this.outcomes.canceled(project, next.subscription);
    return presentPorting(next);
  }

  /** Drafts only; the porting is gone afterwards (404). */
  delete(project: string, id: string): Porting {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status !== 'draft')
      throw new DomainError('invalid', Messages.portingNotDeletable, { code: 'portingNotDeletable' });
    state.portings.remove(id);
    const wire = presentPorting(current);
    this.#ctx.emit(project, 'com.gigs.porting.deleted', wire);
    return wire;
  }

  /** A new subscription submits its draft: pending, or informationRequired while fields are missing. */
  submit(project: string, id: string, subscription: string): void {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    const next: PortingRecord = { ...current, subscription };
    this.#resubmit(state, next);
    this.#commit(
      state,
      current,
      next,
      next.status === 'informationRequired' ? 'com.gigs.porting.informationRequired' : 'com.gigs.porting.updated',
    );
  }

  /** The subscription ended before the porting did: the porting is canceled with it. */
  abandon(project: string, id: string): void {
    const state = this.#ctx.projects.get(project);
    const current = state?.portings.get(id);
    if (state && current && OPEN_STATUSES.has(current.status) && current.status !== 'draft') this.#canceled(state, current);
  }

  /** A scheduled donor step: pending -> the donor's answer; requested -> completed. Stale steps do nothing. */
  stepDue(project: string, id: string, step: number): void {
    const state = this.#ctx.projects.get(project);
    const current = state?.portings.get(id);
    if (!state || !current || current.step !== step) return;
    if (current.status === 'pending') this.#answer(state, current);
    else if (current.status === 'requested' && this.#heldElsewhere(state, current)) {
      this.#decline(state, current, 'portingSameNewAndOldNetworkProvider');
    } else if (current.status === 'requested') this.#complete(state, current);
  }

  /** 30 days untouched in draft, informationRequired or declined: expired. */
  expireDue(project: string, id: string, step: number): void {
    const state = this.#ctx.projects.get(project);
    const current = state?.portings.get(id);
    if (!state || !current || current.step !== step) return;
    if (!['draft', 'informationRequired', 'declined'].includes(current.status)) return;
    const next: PortingRecord = { ...current, status: 'expired', expiredAt: this.#ctx.now(), step: current.step + 1 };
    this.#commit(state, current, next, 'com.gigs.porting.expired');
    if (next.subscription !== null) this.outcomes.expired(project, next.subscription);
  }

  /** Control plane: the donor completes the porting now. */
  complete(project: string, id: string): Porting {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    this.#requireSubmitted(current, ['pending', 'requested', 'informationRequired', 'declined']);
    return presentPorting(this.#complete(state, current));
  }

  /** Control plane: the donor declines with a documented code. */
  decline(project: string, id: string, code: PortingDeclinedCode, message?: string): Porting {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    this.#requireSubmitted(current, ['pending', 'requested']);
    return presentPorting(this.#decline(state, current, code, message));
  }

  /** Control plane: the donor asks for (or for corrections of) these fields. */
  require(project: string, id: string, fields: PortingRequiredField[]): Porting {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    this.#requireSubmitted(current, ['pending', 'requested', 'declined']);
    return presentPorting(this.#informationRequired(state, current, sortFields(fields)));
  }

  #requireSubmitted(porting: PortingRecord, allowed: string[]): void {
    if (porting.subscription === null || porting.status === 'draft')
      throw new DomainError('invalid', Messages.portingNotSubmitted);
    if (!allowed.includes(porting.status)) throw new DomainError('invalid', Messages.portingNotAnswerable(porting.status));
  }

  /** Sends (again) to the donor, on a record being built: pending with a step queued, or informationRequired. */
  #resubmit(state: ProjectState, next: PortingRecord): void {
    next.step++;
    if (next.required.length > 0) {
      next.status = 'informationRequired';
      this.#scheduleExpiry(state, next);
      return;
    }
    next.status = 'pending';
    next.lastRequestedAt = this.#ctx.now();
    this.#scheduleStep(state, next);
  }

  #answer(state: ProjectState, current: PortingRecord): void {
    // A number a live subscription of this project already has is on the recipient network.
    const answer: ReturnType<typeof donorAnswer> = this.#heldElsewhere(state, current)
      ? { kind: 'decline', code: 'portingSameNewAndOldNetworkProvider' }
      : donorAnswer(current);
    if (answer.kind === 'decline') this.#decline(state, current, answer.code);
    else if (answer.kind === 'informationRequired') this.#informationRequired(state, current, answer.fields);
    else {
      const next: PortingRecord = { ...current, status: 'requested', step: current.step + 1 };
      if (answer.completes) this.#scheduleStep(state, next);
      this.#commit(state, current, next, 'com.gigs.porting.requested');
    }
  }

  #decline(state: ProjectState, current: PortingRecord, code: PortingDeclinedCode, message?: string): PortingRecord {
    const next: PortingRecord = {
      ...current,
      status: 'declined',
      declinedCode: code,
      declinedMessage: message ?? DECLINE_MESSAGES[code],
      declinedAttempts: current.declinedAttempts + 1,
      lastDeclinedAt: this.#ctx.now(),
      step: current.step + 1,
    };
    this.#scheduleExpiry(state, next);
    return this.#commit(state, current, next, 'com.gigs.porting.declined');
  }

  #informationRequired(state: ProjectState, current: PortingRecord, fields: PortingRequiredField[]): PortingRecord {
    const next: PortingRecord = { ...current, status: 'informationRequired', required: fields, step: current.step + 1 };
    this.#scheduleExpiry(state, next);
    return this.#commit(state, current, next, 'com.gigs.porting.informationRequired');
  }

  #heldElsewhere(state: ProjectState, porting: PortingRecord): boolean {
    const holder = state.phoneNumbers.get(porting.phoneNumber);
    return holder !== undefined && holder !== porting.subscription && state.subscriptions.get(holder)?.status !== 'ended';
  }

  #complete(state: ProjectState, current: PortingRecord): PortingRecord {
    if (this.#heldElsewhere(state, current)) throw new DomainError('invalid', Messages.portingNumberInUse);
    const next: PortingRecord = {
      ...current,
      status: 'completed',
      completedAt: this.#ctx.now(),
      required: [],
      step: current.step + 1,
    };
    this.#commit(state, current, next, 'com.gigs.porting.completed');
    if (next.subscription !== null) this.outcomes.completed(state.id, next.subscription, next.phoneNumber);
    return next;
  }

  #canceled(state: ProjectState, current: PortingRecord): PortingRecord {
    const next: PortingRecord = { ...current, status: 'canceled', canceledAt: this.#ctx.now(), step: current.step + 1 };
    return this.#commit(state, current, next, 'com.gigs.porting.canceled');
  }

  #scheduleStep(state: ProjectState, porting: PortingRecord): void {
    if (porting.timing.mode !== 'delay') return;
    this.#ctx.scheduler.schedule({
      at: this.#ctx.clock.now() + porting.timing.delayMs,
      kind: JOB_PORTING_STEP,
      project: state.id,
      target: porting.id,
      data: { step: porting.step },
    });
  }

  #scheduleExpiry(state: ProjectState, porting: PortingRecord): void {
    this.#ctx.scheduler.schedule({
      at: this.#ctx.clock.now() + PORTING_EXPIRY_MS,
      kind: JOB_PORTING_EXPIRE,
      project: state.id,
      target: porting.id,
      data: { step: porting.step },
    });
  }

  #commit(state: ProjectState, current: PortingRecord, next: PortingRecord, type: string): PortingRecord {
    state.portings.replace(next);
    if (type.endsWith('.updated')) {
      const after = presentPorting(next);
      const previous = changedFields(presentPorting(current), after);
      if (previous) this.#ctx.emit(state.id, type, after, previous);
    } else {
      this.#ctx.emit(state.id, type, () => presentPorting(next));
    }
    return next;
  }
}
