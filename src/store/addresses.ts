import type { CreateUserAddressBody, UserAddress } from '../schemas/address.js';
import { addressKey, checkAddress } from './address-rules.js';
import { Collection, type Page, type PageQuery } from './collection.js';
import { indexAddress, type StoreContext } from './context.js';
import { DomainError, Messages, notFound } from './errors.js';
import type { AddressRecord } from './types.js';
import type { UserStore } from './users.js';

const MAX_ADDRESSES_PER_USER = 10;

export class AddressStore {
  readonly #ctx: StoreContext;
  readonly #users: UserStore;

  constructor(ctx: StoreContext, users: UserStore) {
    this.#ctx = ctx;
    this.#users = users;
  }

  create(project: string, userId: string, input: CreateUserAddressBody): UserAddress {
    const state = this.#ctx.project(project);
    const user = this.#users.record(project, userId);
    if (user.status === 'deleted') throw new DomainError('invalid', Messages.userDeleted);
    const fields = {
      line1: input.line1,
      line2: input.line2 ?? null,
      city: input.city,
      state: input.state || null,
      postalCode: input.postalCode || null,
      country: input.country,
    };
    const details = checkAddress(fields);
    if (details.length > 0) {
      throw new DomainError('invalid', Messages.userAddressInvalid, { code: 'userAddressInvalid', details });
    }
    const ids = state.addressesByUser.get(userId);
    const key = addressKey(fields);
    for (const id of ids) {
      const existing = state.addresses.get(id);
      if (existing && addressKey(existing) === key) {
        throw new DomainError('conflict', Messages.userAddressAlreadyExists, { code: 'userAddressAlreadyExists' });
      }
    }
    if (ids.length >= MAX_ADDRESSES_PER_USER) throw new DomainError('invalid', Messages.userAddressLimit);
    const address: AddressRecord = {
      object: 'userAddress',
      id: this.#ctx.random.id('adr'),
      ...fields,
      createdAt: this.#ctx.now(),
      user: userId,
    };
    state.addresses.add(address);
    indexAddress(state, userId, address.id);
    this.#ctx.emit(project, 'com.gigs.user.address.created', () => ({ ...address }));
    return { ...address };
  }

  /** An address is only found through the user it belongs to. */
  get(project: string, userId: string, id: string): UserAddress {
    return { ...this.record(project, userId, id) };
  }

  record(project: string, userId: string, id: string): AddressRecord {
    const address = this.#ctx.project(project).addresses.get(id);
    if (!address || address.user !== userId) throw notFound('user address');
    return address;
  }

  list(project: string, userId: string, query: PageQuery): Page<UserAddress> {
    const state = this.#ctx.project(project);
    this.#users.record(project, userId);
    // At most ten addresses per user: a small collection built per call keeps paging semantics.
    const ids = state.addressesByUser.get(userId);
    const own = Collection.from(ids.flatMap((id) => state.addresses.get(id) ?? []));
    const page = own.page(query);
    return { ...page, items: page.items.map((a) => ({ ...a })) };
  }

  delete(project: string, userId: string, id: string): UserAddress {
    const state = this.#ctx.project(project);
    const address = this.record(project, userId, id);
    state.addresses.remove(id);
    state.addressesByUser.remove(userId, id);
    return { ...address };
  }
}
