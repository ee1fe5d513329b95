import type { CreateUserBody, UpdateUserBody, User } from '../schemas/user.js';
import { mapPage, type Page, type PageQuery } from './collection.js';
import type { StoreContext } from './context.js';
import { changedFields } from './diff.js';
import { DomainError, Messages, notFound } from './errors.js';
import { mergeMetadata } from './metadata.js';
import type { ProjectState, UserRecord } from './types.js';

/**
 * The wire form, spelled out rather than spread: a spread at a call site that sees several shapes
 * gives every result a hidden class of its own (slower, and hundreds of bytes per object).
 */
export const presentUser = (user: UserRecord): User => ({
  object: 'user',
  id: user.id,
  metadata: { ...user.metadata },
  birthday: user.birthday,
  createdAt: user.createdAt,
  email: user.email,
  emailVerified: user.emailVerified,
  fullName: user.fullName,
  preferredLocale: user.preferredLocale,
  status: user.status,
});

export class UserStore {
  readonly #ctx: StoreContext;
  /** Called when a user is deleted, so their subscriptions can end (wired by the Store). */
  onDelete: (project: string, user: string) => void = () => {};

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  create(project: string, input: CreateUserBody): User {
    const state = this.#ctx.project(project);
    this.#assertEmailFree(state, input.email);
    const user: UserRecord = {
      object: 'user',
      id: this.#ctx.random.id('usr'),
      metadata: mergeMetadata({}, input.metadata),
      birthday: input.birthday ?? null,
      createdAt: this.#ctx.now(),
      email: input.email,
      emailVerified: false,
      fullName: input.fullName ?? null,
      preferredLocale: input.preferredLocale ?? 'en-US',
      status: 'active',
    };
    state.users.add(user);
    state.emails.set(user.email.toLowerCase(), user.id);
    const wire = presentUser(user);
    this.#ctx.emit(project, 'com.gigs.user.created', wire);
    return wire;
  }

  /** The stored record; deleted users stay retrievable with status "deleted". */
  record(project: string, id: string): UserRecord {
    const user = this.#ctx.project(project).users.get(id);
    if (!user) throw notFound('user');
    return user;
  }

  get(project: string, id: string): User {
    return presentUser(this.record(project, id));
  }

  list(project: string, query: PageQuery): Page<User> {
    return mapPage(
      this.#ctx.project(project).users.page(query, (u) => u.status !== 'deleted'),
      presentUser,
    );
  }

  /** Exact, case-insensitive email match among users that are not deleted. */
  search(project: string, email: string): User[] {
    const state = this.#ctx.project(project);
    const id = state.emails.get(email.toLowerCase());
    const user = id ? state.users.get(id) : undefined;
    return user ? [presentUser(user)] : [];
  }

  update(project: string, id: string, input: UpdateUserBody): User {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status === 'deleted') throw new DomainError('invalid', Messages.userDeleted);
    const emailChanged = input.email !== undefined && input.email.toLowerCase() !== current.email.toLowerCase();
    if (emailChanged && input.email !== undefined) this.#assertEmailFree(state, input.email);
    // Validate everything before touching state: nothing is stored half-way.
    const metadata = mergeMetadata(current.metadata, input.metadata);
    const next: UserRecord = {
      ...current,
      metadata,
      email: input.email ?? current.email,
      emailVerified: emailChanged ? false : current.emailVerified,
      fullName: input.fullName === undefined ? current.fullName : input.fullName,
      birthday: input.birthday === undefined ? current.birthday : input.birthday,
      preferredLocale: input.preferredLocale ?? current.preferredLocale,
    };
    if (emailChanged) {
      state.emails.delete(current.email.toLowerCase());
      state.emails.set(next.email.toLowerCase(), id);
    }
    state.users.replace(next);
    const wire = presentUser(next);
    const previous = changedFields(presentUser(current), wire);
    if (previous) this.#ctx.emit(project, 'com.gigs.user.updated', wire, previous);
    return wire;
  }

  /**
   * Deleting a user marks it deleted (it stays retrievable, leaves lists and search, frees its
   * email) and ends its subscriptions with cause `userDeleted` (reference §6.4).
   */
  delete(project: string, id: string): User {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    if (current.status === 'deleted') return presentUser(current);
    this.onDelete(project, id);
    const next: UserRecord = { ...current, status: 'deleted' };
    state.users.replace(next);
    state.emails.delete(current.email.toLowerCase());
    const wire = presentUser(next);
    this.#ctx.emit(project, 'com.gigs.user.deleted', wire);
    return wire;
  }

  #assertEmailFree(state: ProjectState, email: string): void {
    if (state.emails.has(email.toLowerCase())) {
      throw new DomainError('conflict', Messages.userAlreadyExists, {
        code: 'userAlreadyExists',
        details: [{ property: 'email', code: 'propertyInvalid', message: Messages.userAlreadyExists }],
      });
    }
  }
}
