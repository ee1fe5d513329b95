import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import type { ConnectSession, CreateConnectSessionBody } from '../schemas/connect-session.js';
import { ConnectMessages, checkCreateSession } from './connect-rules.js';
import type { StoreContext } from './context.js';
import { DomainError, Messages, notFound } from './errors.js';
import type { ConnectGrant, ConnectSessionRecord, ProjectState } from './types.js';
import type { UserStore } from './users.js';

const HOUR_MS = 3_600_000;

/** A token's stored form: only its SHA-256 is kept, so neither a snapshot nor a state file leaks it. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 256 random bits as 64 hex characters: the length of the tokens in the docs' session URLs. */
function newToken(): string {
  return randomBytes(32).toString('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Who a user token (or a browser's Connect cookie) acts for. */
export interface ConnectPrincipal {
  project: string;
  user: string;
  session: string;
}

export interface ConnectStoreDeps {
  users: UserStore;
  addonExists: (id: string) => boolean;
}

/** The intents Connect runs as a checkout: their url starts at /checkout/entry, as Gigs' does. */
const CHECKOUT_INTENTS = new Set(['checkoutNewSubscription', 'checkoutAddon']);

/**
 * Connect Sessions: made through the API, then used once, by a browser at their url or by the
 * embeds' token exchange, which both get a token acting for the session's user (a user token, a
 * browser cookie). Tokens live as hashes on their session and in one index across projects, since
 * neither a Connect URL nor a user token names its project.
 */
export class ConnectSessionStore {
  readonly #ctx: StoreContext;
  readonly #deps: ConnectStoreDeps;

  constructor(ctx: StoreContext, deps: ConnectStoreDeps) {
    this.#ctx = ctx;
    this.#deps = deps;
  }

  /** The simulated Connect's base URL (the server may learn its public URL after start). */
  get connectUrl(): string {
    return (this.#ctx.options.connectUrl ?? `${this.#ctx.options.publicUrl}/connect`).replace(/\/+$/, '');
  }

  get #sessionTtlMs(): number {
    return this.#ctx.options.connectSessionTtlMs ?? HOUR_MS;
  }

  get #tokenTtlMs(): number {
    return this.#ctx.options.userTokenTtlMs ?? HOUR_MS;
  }

  create(project: string, input: CreateConnectSessionBody): ConnectSession {
    const state = this.#ctx.project(project);
    checkCreateSession(state, input, this.#deps.addonExists);
    const user = input.user ?? null;
    // A session that knows its user (or the details of a new one) is authenticated: its url
    // carries a token. Without either, Connect asks the user to sign in (docs: "Creating Connect Sessions").
    const secret = user !== null || input.userDetails != null ? newToken() : null;
    const now = this.#ctx.clock.now();
    const record: ConnectSessionRecord = {
      object: 'connectSession',
      id: this.#ctx.random.id('csn'),
      appearance: input.appearance?.theme ? { theme: input.appearance.theme } : {},
      callbackUrl: input.callbackUrl ?? null,
      intent: structuredClone(input.intent),
      user,
      userDetails: input.userDetails ? structuredClone(input.userDetails) : null,
      createdAt: this.#ctx.now(),
      expiresAt: new Date(now + this.#sessionTtlMs).toISOString(),
      secretHash: secret === null ? null : tokenHash(secret),
      usedAt: null,
      completedAt: null,
      result: null,
      grants: [],
    };
    state.connectSessions.add(record);
    this.#ctx.indexConnectSession(project, record);
    this.#ctx.emit(project, 'com.gigs.connectSession.created', () => present(record, null));
    return present(record, this.#url(record, secret));
  }

  record(project: string, id: string): ConnectSessionRecord {
    const record = this.#ctx.project(project).connectSessions.get(id);
    if (!record) throw notFound('connect session');
    return record;
  }

  /** As retrieved: the url is shown only when the session is made (docs). */
  get(project: string, id: string): ConnectSession {
    return present(this.record(project, id), null);
  }

  /** The project of a session, from its id alone (the Connect URL carries no project). */
  find(id: string): { project: string; session: ConnectSessionRecord } {
    const project = this.#ctx.connectSessionProjects.get(id);
    const session = project === undefined ? undefined : this.#ctx.projects.get(project)?.connectSessions.get(id);
    if (project === undefined || session === undefined)
      throw connectError(ConnectMessages.sessionUnknown, 'connectSessionNotFound');
    return { project, session };
  }

  /**
   * Uses the url's token (once): the session is then in use. `sessionId` is the url's `session`
   * (the embeds send the token alone). Unknown, used and expired tokens are told apart.
   */
  redeem(secret: string, sessionId?: string): { project: string; session: ConnectSessionRecord } {
    const hash = tokenHash(secret);
    const id = this.#ctx.connectTokens.get(hash) ?? sessionId;
    if (id === undefined) throw connectError(ConnectMessages.sessionUnknown, 'connectSessionNotFound');
    if (sessionId !== undefined && sessionId !== id) throw connectError(ConnectMessages.sessionUnknown, 'connectSessionNotFound');
    const { project, session } = this.find(id);
    if (session.secretHash === null || !sameHash(session.secretHash, hash))
      throw connectError(ConnectMessages.sessionUnknown, 'connectSessionNotFound');
    if (session.usedAt !== null) throw connectError(ConnectMessages.sessionUsed, 'connectSessionUsed');
    this.#checkAlive(session);
    // A link made for a user who was deleted since gives nothing (no token, no page).
    const user = session.user === null ? undefined : this.#ctx.project(project).users.get(session.user);
    if (user?.status === 'deleted') throw connectError(Messages.userDeleted, 'connectSessionUserDeleted');
    this.#markUsed(project, session);
    return { project, session: this.find(id).session };
  }

  /** An unauthenticated session (no token in its url) may be opened while it lives and is unused. */
  openUnauthenticated(sessionId: string): { project: string; session: ConnectSessionRecord } {
    const { project, session } = this.find(sessionId);
    if (session.secretHash !== null) throw connectError(ConnectMessages.sessionUnknown, 'connectSessionNotFound');
    if (session.usedAt !== null) throw connectError(ConnectMessages.sessionUsed, 'connectSessionUsed');
    this.#checkAlive(session);
    return { project, session };
  }

  /**
   * The simulated sign-in of an unauthenticated session: the user with that email, or for a
   * checkout a new one. Marks the session used.
   */
  signIn(project: string, id: string, email: string): ConnectSessionRecord {
    const session = this.openUnauthenticated(id).session;
    const state = this.#ctx.project(project);
    if (!z.email().max(254).safeParse(email.trim()).success) throw new DomainError('invalid', 'Enter a valid email address.');
    let user = state.emails.get(email.trim().toLowerCase());
    if (user === undefined) {
      if (!CHECKOUT_INTENTS.has(session.intent.type)) throw new DomainError('notFound', 'No account has that email address.');
      user = this.#deps.users.create(project, { email: email.trim() }).id;
    }
    this.#setUser(project, session, user);
    this.#markUsed(project, this.record(project, id));
    return this.record(project, id);
  }

  /** The embeds' exchange: the url's token for a user token (gigs/embeds-js `lib/core/token.ts`). */
  exchange(secret: string): { token: string; expiresAt: string; principal: ConnectPrincipal } {
    const { project, session } = this.redeem(secret);
    const user = this.ensureUser(project, session.id);
    const { token, grant } = this.grant(project, session.id, 'user');
    return { token, expiresAt: grant.expiresAt, principal: { project, user, session: session.id } };
  }

  /** The session's user, made from its userDetails first if it has none (an existing email signs in). */
  ensureUser(project: string, id: string): string {
    const session = this.record(project, id);
    if (session.user !== null) return session.user;
    const details = session.userDetails;
    if (details === null) throw connectError(ConnectMessages.sessionUnknown, 'connectSessionNotFound');
    const state = this.#ctx.project(project);
    const existing = state.emails.get(details.email.toLowerCase());
    const user =
      existing ??
      this.#deps.users.create(project, {
        email: details.email,
        fullName: details.fullName ?? null,
        birthday: details.birthday ?? null,
        ...(details.preferredLocale ? { preferredLocale: details.preferredLocale } : {}),
      }).id;
    this.#setUser(project, session, user);
    return user;
  }

  /** A new token acting for the session's user: a user token (bearer) or a browser's cookie. */
  grant(project: string, id: string, kind: ConnectGrant['kind']): { token: string; grant: ConnectGrant } {
    const session = this.record(project, id);
    const user = this.ensureUser(project, id);
    if (this.#ctx.project(project).users.get(user)?.status === 'deleted')
      throw connectError(Messages.userDeleted, 'connectSessionUserDeleted');
    const token = newToken();
    const grant: ConnectGrant = {
      hash: tokenHash(token),
      kind,
      user,
      expiresAt: new Date(this.#ctx.clock.now() + this.#tokenTtlMs).toISOString(),
    };
    // Expired grants go when a new one comes: a session keeps only what still works.
    const now = this.#ctx.clock.now();
    const live = session.grants.filter((g) => Date.parse(g.expiresAt) > now);
    for (const old of session.grants) if (!live.includes(old)) this.#ctx.connectTokens.delete(old.hash);
    this.#replace(project, { ...this.record(project, id), grants: [...live, grant] });
    this.#ctx.connectTokens.set(grant.hash, id);
    return { token, grant };
  }

  /**
   * Who a token acts for, if it is one of Connect's (undefined otherwise: then it is an API key).
   * An expired one is a 401. `kind` keeps a browser cookie from being a bearer token and back.
   */
  principal(token: string, kind: ConnectGrant['kind']): ConnectPrincipal | undefined {
    // Most simulators never see a Connect token: no hashing on their every request.
    if (this.#ctx.connectTokens.size === 0) return undefined;
    const hash = tokenHash(token);
    const id = this.#ctx.connectTokens.get(hash);
    if (id === undefined) return undefined;
    const project = this.#ctx.connectSessionProjects.get(id);
    const session = project === undefined ? undefined : this.#ctx.projects.get(project)?.connectSessions.get(id);
    const grant = session?.grants.find((g) => g.hash === hash && g.kind === kind);
    if (project === undefined || session === undefined || grant === undefined) return undefined;
    if (Date.parse(grant.expiresAt) <= this.#ctx.clock.now())
      throw new DomainError('unauthenticated', ConnectMessages.userTokenExpired);
    return { project, user: grant.user, session: id };
  }

  /** The flow reached its end (the success page): nothing on the wire shows it. */
  complete(project: string, id: string, result: string | null = null): void {
    const session = this.record(project, id);
    this.#replace(project, { ...session, completedAt: session.completedAt ?? this.#ctx.now(), result: result ?? session.result });
  }

  #checkAlive(session: ConnectSessionRecord): void {
    if (Date.parse(session.expiresAt) <= this.#ctx.clock.now())
      throw connectError(ConnectMessages.sessionExpired, 'connectSessionExpired');
  }

  /** The url's token stays known (as its hash), so a second use is told apart from a wrong token. */
  #markUsed(project: string, session: ConnectSessionRecord): void {
    this.#replace(project, { ...session, usedAt: this.#ctx.now() });
  }

  #setUser(project: string, session: ConnectSessionRecord, user: string): void {
    const next = { ...session, user };
    this.#replace(project, next);
    this.#ctx.emit(project, 'com.gigs.connectSession.updated', () => present(next, null), { user: null });
  }

  #replace(project: string, next: ConnectSessionRecord): void {
    (this.#ctx.project(project) as ProjectState).connectSessions.replace(next);
  }

  #url(session: ConnectSessionRecord, secret: string | null): string {
    const path = CHECKOUT_INTENTS.has(session.intent.type) ? '/checkout/entry' : '/entry';
    const query = new URLSearchParams({ session: session.id });
    if (secret !== null) query.set('token', secret);
    return `${this.connectUrl}${path}?${query}`;
  }
}

function present(record: ConnectSessionRecord, url: string | null): ConnectSession {
  return {
    object: 'connectSession',
    id: record.id,
    appearance: { ...record.appearance },
    callbackUrl: record.callbackUrl,
    intent: structuredClone(record.intent) as ConnectSession['intent'],
    url,
    user: record.user,
  };
}

/** A session link that does not work: 422, as the embeds expect of an expired one. */
function connectError(message: string, code: string): DomainError {
  return new DomainError('invalid', message, { code });
}
