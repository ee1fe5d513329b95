import { toIso, toMillis } from '../engine/clock.js';
import type { CreatePortOutBody, PortOut, PortOutCredentials } from '../schemas/porting.js';
import { mapPage, type Page, type PageQuery } from './collection.js';
import { DEFAULT_PORTING, type StoreContext } from './context.js';
import { DomainError, invalidProperty, Messages, notFound } from './errors.js';
import { OPEN_STATUSES, PORT_OUT_CREDENTIALS_MS } from './porting-rules.js';
import type { PortingSetting, PortOutRecord, ProjectState } from './types.js';

export const JOB_PORT_OUT_ISSUE = 'portOut.issue';
export const JOB_PORT_OUT_EXPIRE = 'portOut.expire';

const OPEN = new Set(['initiated', 'processing', 'issued']);
const PORT_OUT_AFTER_END_MS = 30 * 86_400_000;

export function presentPortOut(p: PortOutRecord): PortOut {
  return {
    object: 'portOut',
    id: p.id,
    behavior: p.behavior,
    completedAt: p.completedAt,
    createdAt: p.createdAt,
    expiredAt: p.expiredAt,
    failureReason: p.failureReason,
    status: p.status,
    subscription: p.subscription,
    user: p.user,
  };
}

/**
 * Port-outs (reference §12.2; docs "How porting out works"): created `processing` for an active
 * subscription, `issued` with credentials on the clock, then completed (another carrier took the
 * number: the subscription ends) or expired. Completing is the control plane's job: it stands for
 * the other carrier.
 */
export class PortOutStore {
  readonly #ctx: StoreContext;
  /** Ends the ported-out subscription (wired in store.ts). */
  onCompleted: (project: string, subscription: string) => void = () => {};

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(project: string, input: CreatePortOutBody, timing?: Partial<PortingSetting>): PortOut {
    const state = this.#ctx.project(project);
    const sub = state.subscriptions.get(input.subscription);
    if (!sub) throw invalidProperty('subscription', Messages.notFound('subscription'));
    // The newest "How porting out works" page: activated at least once, and not ended more than 30
    // days ago (older versions of the page, and reference §12.2, say active only).
    const endedLongAgo =
      sub.endedAt !== null && sub.status === 'ended' && this.#ctx.clock.now() - toMillis(sub.endedAt) > PORT_OUT_AFTER_END_MS;
    if (sub.activatedAt === null || sub.phoneNumber === null || endedLongAgo) {
      throw invalidProperty('subscription', Messages.portOutNeedsActive);
    }
    for (const other of state.portOuts.values()) {
      if (other.subscription === sub.id && OPEN.has(other.status)) {
        throw new DomainError('conflict', Messages.portOutAlreadyExists, { code: 'portOutAlreadyExists' });
      }
    }
    for (const porting of state.portings.values()) {
      if (porting.phoneNumber === sub.phoneNumber && OPEN_STATUSES.has(porting.status)) {
        throw new DomainError('invalid', Messages.portOutConflictsWithPorting, { code: 'portOutConflictsWithPorting' });
      }
    }
    const base = state.settings.porting ?? DEFAULT_PORTING;
    const record: PortOutRecord = {
      object: 'portOut',
      id: this.#ctx.random.id('pto'),
      behavior: 'portOut',
      completedAt: null,
      createdAt: this.#ctx.now(),
      expiredAt: null,
      failureReason: null,
      status: 'processing',
      subscription: sub.id,
      user: sub.user,
      step: 0,
      timing: { mode: timing?.mode ?? base.mode, delayMs: timing?.delayMs ?? base.delayMs },
      credentials: null,
    };
    state.portOuts.add(record);
    if (record.timing.mode === 'delay')
      this.#schedule(state, record, JOB_PORT_OUT_ISSUE, this.#ctx.clock.now() + record.timing.delayMs);
    this.#ctx.emit(project, 'com.gigs.portOut.created', () => presentPortOut(record));
    return presentPortOut(record);
  }

  record(project: string, id: string): PortOutRecord {
    const portOut = this.#ctx.project(project).portOuts.get(id);
    if (!portOut) throw notFound('port out');
    return portOut;
  }

  get(project: string, id: string): PortOut {
    return presentPortOut(this.record(project, id));
  }

  list(project: string, query: PageQuery, filter: { subscription?: string[] | undefined } = {}): Page<PortOut> {
    const page = this.#ctx
      .project(project)
      .portOuts.page(query, (p) => !filter.subscription || filter.subscription.includes(p.subscription));
    return mapPage(page, presentPortOut);
  }

  credentials(project: string, id: string): PortOutCredentials {
    const portOut = this.record(project, id);
    if (portOut.status !== 'issued' || portOut.credentials === null) throw new DomainError('invalid', Messages.portOutNotIssued);
    return this.#presentCredentials(portOut, portOut.credentials.accountPin);
  }

  /** processing -> issued, with credentials; they expire after 30 days. Also the control plane's "issue". */
  issueDue(project: string, id: string, step: number): void {
    const state = this.#ctx.projects.get(project);
    const current = state?.portOuts.get(id);
    if (state && current && current.step === step && current.status === 'processing') this.#issue(state, current);
  }

  issue(project: string, id: string): PortOut {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status !== 'processing') throw new DomainError('invalid', Messages.portOutNotOpen(current.status));
    return presentPortOut(this.#issue(state, current));
  }

  expireDue(project: string, id: string, step: number): void {
    const state = this.#ctx.projects.get(project);
    const current = state?.portOuts.get(id);
    if (state && current && current.step === step && OPEN.has(current.status)) this.#finish(state, current, 'expired');
  }

  /** Control plane: the credentials ran out (or were never used). */
  expire(project: string, id: string): PortOut {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (!OPEN.has(current.status)) throw new DomainError('invalid', Messages.portOutNotOpen(current.status));
    return presentPortOut(this.#finish(state, current, 'expired'));
  }

  /** Control plane: another carrier used the credentials; the subscription ends (phoneNumberPortedOut). */
  complete(project: string, id: string): PortOut {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status !== 'issued') throw new DomainError('invalid', Messages.portOutNotIssued);
    const next = this.#finish(state, current, 'completed');
    this.onCompleted(project, next.subscription);
    return presentPortOut(next);
  }

  #issue(state: ProjectState, current: PortOutRecord): PortOutRecord {
    const now = this.#ctx.clock.now();
    const expiresAt = toIso(now + PORT_OUT_CREDENTIALS_MS);
    const credentials = { accountNumber: this.#ctx.random.digits(9), accountPin: this.#ctx.random.digits(4), expiresAt };
    const next: PortOutRecord = { ...current, status: 'issued', expiredAt: expiresAt, credentials, step: current.step + 1 };
    state.portOuts.replace(next);
    this.#schedule(state, next, JOB_PORT_OUT_EXPIRE, toMillis(expiresAt));
    this.#ctx.emit(state.id, 'com.gigs.portOut.issued', () => presentPortOut(next));
    // Events never carry the PIN (the portOutCredentials.issued schema: "always null in all events").
    this.#ctx.emit(state.id, 'com.gigs.portOutCredentials.issued', () => this.#presentCredentials(next, null));
    return next;
  }

  #finish(state: ProjectState, current: PortOutRecord, status: 'completed' | 'expired'): PortOutRecord {
    const now = this.#ctx.now();
    const next: PortOutRecord = {
      ...current,
      status,
      completedAt: status === 'completed' ? now : null,
      expiredAt: status === 'expired' ? now : current.expiredAt,
      step: current.step + 1,
    };
    state.portOuts.replace(next);
    this.#ctx.emit(state.id, `com.gigs.portOut.${status}`, () => presentPortOut(next));
    return next;
  }

  #presentCredentials(portOut: PortOutRecord, pin: string | null): PortOutCredentials {
    const credentials = portOut.credentials as NonNullable<PortOutRecord['credentials']>;
    return {
      object: 'portOutCredentials',
      accountNumber: credentials.accountNumber,
      accountPin: pin,
      expiresAt: credentials.expiresAt,
      portOut: portOut.id,
      subscription: portOut.subscription,
    };
  }

  #schedule(state: ProjectState, portOut: PortOutRecord, kind: string, at: number): void {
    this.#ctx.scheduler.schedule({ at, kind, project: state.id, target: portOut.id, data: { step: portOut.step } });
  }
}
