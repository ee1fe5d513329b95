import { describe, expect, it } from 'vitest';
import type { CreateUserAddressBody } from '../../src/schemas/address.js';
import type { Simulator } from '../../src/simulator.js';
import { Messages } from '../../src/store/errors.js';
import { GUIDE_ADDRESS, makeSim, thrown } from '../helpers.js';

const P = 'p';

function setup(): { sim: Simulator; user: string } {
  const sim = makeSim();
  sim.store.ensureProject(P);
  const user = sim.store.users.create(P, { email: 'jerry@example.com', fullName: 'Jerry Seinfeld' }).id;
  return { sim, user };
}

/** The first detail of the DomainError that creating this address throws. */
function rejection(address: CreateUserAddressBody) {
  const { sim, user } = setup();
  const error = thrown(() => sim.store.addresses.create(P, user, address));
  return { error, detail: error.details?.[0] };
}

/** An address in its own street, so a user can have many distinct ones. */
const street = (n: number): CreateUserAddressBody => ({ ...GUIDE_ADDRESS, line1: `${n} West 81st Street` });

describe('AddressStore.create', () => {
  it('returns the guide address with its owner and creation time', () => {
    const { sim, user } = setup();
    const address = sim.store.addresses.create(P, user, GUIDE_ADDRESS);
    expect(address).toEqual({
      object: 'userAddress',
      id: address.id,
      ...GUIDE_ADDRESS,
      createdAt: '2026-01-01T00:00:00Z',
      user,
    });
  });

  it('gives the address an id of adr_ and 28 base-62 characters', () => {
    const { sim, user } = setup();
    expect(sim.store.addresses.create(P, user, GUIDE_ADDRESS).id).toMatch(/^adr_[0-9A-Za-z]{28}$/);
  });

  it('stores missing optional fields as null', () => {
    const { sim, user } = setup();
    const address = sim.store.addresses.create(P, user, { line1: 'Sheikh Zayed Road 1', city: 'Dubai', country: 'AE' });
    expect(address.line2).toBeNull();
    expect(address.state).toBeNull();
    expect(address.postalCode).toBeNull();
  });

  it('rejects a lower-case country with userAddressInvalid and suggests the upper-case code', () => {
    const { error, detail } = rejection({ ...GUIDE_ADDRESS, country: 'us' });
    expect(error.kind).toBe('invalid');
    expect(error.code).toBe('userAddressInvalid');
    expect(error.message).toBe(Messages.userAddressInvalid);
    expect(detail).toMatchObject({ property: 'country', suggestion: 'US' });
  });

  it('rejects a country that is not an ISO alpha-2 code without a suggestion', () => {
    const { detail } = rejection({ ...GUIDE_ADDRESS, country: 'USA' });
    expect(detail?.property).toBe('country');
    expect(detail?.suggestion).toBeUndefined();
  });

  it('rejects a lower-case US state and suggests the upper-case code', () => {
    const { error, detail } = rejection({ ...GUIDE_ADDRESS, state: 'ny' });
    expect(error.code).toBe('userAddressInvalid');
    expect(detail).toMatchObject({ property: 'state', code: 'propertyInvalid', suggestion: 'NY' });
  });

  it('rejects an unknown US state', () => {
    expect(rejection({ ...GUIDE_ADDRESS, state: 'XX' }).detail?.property).toBe('state');
  });

  it('requires a state for a US address', () => {
    const { state: _, ...address } = GUIDE_ADDRESS;
    expect(rejection(address).detail).toMatchObject({ property: 'state', code: 'propertyRequired' });
  });

  it('treats an empty state as missing', () => {
    expect(rejection({ ...GUIDE_ADDRESS, state: '' }).detail).toMatchObject({ property: 'state', code: 'propertyRequired' });
  });

  it('requires a province for a Canadian address', () => {
    const address = { line1: '24 Sussex Drive', city: 'Ottawa', postalCode: 'K1M 1M4', country: 'CA' };
    expect(rejection(address).detail).toMatchObject({ property: 'state', code: 'propertyRequired' });
  });

  it('accepts a Canadian address with a province code', () => {
    const { sim, user } = setup();
    const address = { line1: '24 Sussex Drive', city: 'Ottawa', state: 'ON', postalCode: 'K1M 1M4', country: 'CA' };
    expect(sim.store.addresses.create(P, user, address).state).toBe('ON');
  });

  it('does not check the state of a country other than the US and Canada', () => {
    const { sim, user } = setup();
    const address = { line1: 'Unter den Linden 1', city: 'Berlin', state: 'Berlin', postalCode: '10117', country: 'DE' };
    expect(sim.store.addresses.create(P, user, address).state).toBe('Berlin');
  });

  it('requires a postal code in a country that has them', () => {
    const address = { line1: 'Unter den Linden 1', city: 'Berlin', country: 'DE' };
    expect(rejection(address).detail).toMatchObject({ property: 'postalCode', code: 'propertyRequired' });
  });

  it('requires a postal code for a US address', () => {
    const { postalCode: _, ...address } = GUIDE_ADDRESS;
    expect(rejection(address).detail).toMatchObject({ property: 'postalCode', code: 'propertyRequired' });
  });

  it('rejects a US ZIP code of the wrong format', () => {
    expect(rejection({ ...GUIDE_ADDRESS, postalCode: '1002' }).detail).toMatchObject({
      property: 'postalCode',
      code: 'propertyInvalid',
    });
  });

  it('suggests the ZIP+4 form of nine US ZIP digits', () => {
    expect(rejection({ ...GUIDE_ADDRESS, postalCode: '100241234' }).detail?.suggestion).toBe('10024-1234');
  });

  it('accepts a US ZIP+4 code', () => {
    const { sim, user } = setup();
    expect(sim.store.addresses.create(P, user, { ...GUIDE_ADDRESS, postalCode: '10024-1234' }).postalCode).toBe('10024-1234');
  });

  it('suggests the spaced form of a Canadian postal code', () => {
    const address = { line1: '24 Sussex Drive', city: 'Ottawa', state: 'ON', postalCode: 'k1m1m4', country: 'CA' };
    expect(rejection(address).detail).toMatchObject({ property: 'postalCode', suggestion: 'K1M 1M4' });
  });

  it('reports every bad property at once', () => {
    const { error } = rejection({ ...GUIDE_ADDRESS, state: 'ny', postalCode: '1' });
    expect(error.details?.map((d) => d.property)).toEqual(['state', 'postalCode']);
  });

  it('stores nothing when the address is invalid', () => {
    const { sim, user } = setup();
    thrown(() => sim.store.addresses.create(P, user, { ...GUIDE_ADDRESS, state: 'ny' }));
    expect(sim.store.addresses.list(P, user, {}).items).toEqual([]);
  });

  it('throws a userAddressAlreadyExists conflict for the same address', () => {
    const { sim, user } = setup();
    sim.store.addresses.create(P, user, GUIDE_ADDRESS);
    const error = thrown(() => sim.store.addresses.create(P, user, GUIDE_ADDRESS));
    expect(error.kind).toBe('conflict');
    expect(error.code).toBe('userAddressAlreadyExists');
    expect(error.message).toBe(Messages.userAddressAlreadyExists);
  });

  it('treats an address that differs only in case and spacing as the same', () => {
    const { sim, user } = setup();
    sim.store.addresses.create(P, user, GUIDE_ADDRESS);
    const same = { ...GUIDE_ADDRESS, line1: '129  west 81st street', city: 'new york city' };
    expect(thrown(() => sim.store.addresses.create(P, user, same)).code).toBe('userAddressAlreadyExists');
  });

  it('allows the same address for two users', () => {
    const { sim, user } = setup();
    const other = sim.store.users.create(P, { email: 'elaine@example.com' }).id;
    sim.store.addresses.create(P, user, GUIDE_ADDRESS);
    expect(sim.store.addresses.create(P, other, GUIDE_ADDRESS).user).toBe(other);
  });

  it('allows 10 addresses per user', () => {
    const { sim, user } = setup();
    for (let n = 1; n <= 10; n++) sim.store.addresses.create(P, user, street(n));
    expect(sim.store.addresses.list(P, user, { limit: 200 }).items).toHaveLength(10);
  });

  it('rejects the 11th address of a user', () => {
    const { sim, user } = setup();
    for (let n = 1; n <= 10; n++) sim.store.addresses.create(P, user, street(n));
    const error = thrown(() => sim.store.addresses.create(P, user, street(11)));
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe(Messages.userAddressLimit);
  });

  it('allows a new address after one of 10 is deleted', () => {
    const { sim, user } = setup();
    const first = sim.store.addresses.create(P, user, street(1));
    for (let n = 2; n <= 10; n++) sim.store.addresses.create(P, user, street(n));
    sim.store.addresses.delete(P, user, first.id);
    expect(sim.store.addresses.create(P, user, street(11)).line1).toBe('11 West 81st Street');
  });

  it('throws notFound for an unknown user', () => {
    const { sim } = setup();
    const error = thrown(() => sim.store.addresses.create(P, 'usr_unknown', GUIDE_ADDRESS));
    expect(error.kind).toBe('notFound');
    expect(error.message).toBe(Messages.notFound('user'));
  });

  it('throws invalid for a deleted user', () => {
    const { sim, user } = setup();
    sim.store.users.delete(P, user);
    const error = thrown(() => sim.store.addresses.create(P, user, GUIDE_ADDRESS));
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe(Messages.userDeleted);
  });
});

describe('AddressStore.get', () => {
  it('returns the address of the user', () => {
    const { sim, user } = setup();
    const address = sim.store.addresses.create(P, user, GUIDE_ADDRESS);
    expect(sim.store.addresses.get(P, user, address.id)).toEqual(address);
  });

  it('throws notFound for an address of another user', () => {
    const { sim, user } = setup();
    const other = sim.store.users.create(P, { email: 'elaine@example.com' }).id;
    const address = sim.store.addresses.create(P, other, GUIDE_ADDRESS);
    const error = thrown(() => sim.store.addresses.get(P, user, address.id));
    expect(error.kind).toBe('notFound');
    expect(error.message).toBe(Messages.notFound('user address'));
  });

  it('throws notFound for an unknown id', () => {
    const { sim, user } = setup();
    expect(thrown(() => sim.store.addresses.get(P, user, 'adr_unknown')).kind).toBe('notFound');
  });
});

describe('AddressStore.list', () => {
  it('lists the addresses of the user newest first', () => {
    const { sim, user } = setup();
    const first = sim.store.addresses.create(P, user, street(1));
    sim.clock.advance(1000);
    const second = sim.store.addresses.create(P, user, street(2));
    expect(sim.store.addresses.list(P, user, {}).items.map((a) => a.id)).toEqual([second.id, first.id]);
  });

  it('leaves out the addresses of other users', () => {
    const { sim, user } = setup();
    const other = sim.store.users.create(P, { email: 'elaine@example.com' }).id;
    sim.store.addresses.create(P, other, GUIDE_ADDRESS);
    expect(sim.store.addresses.list(P, user, {}).items).toEqual([]);
  });

  it('pages with moreItemsAfter', () => {
    const { sim, user } = setup();
    for (let n = 1; n <= 5; n++) sim.store.addresses.create(P, user, street(n));
    const first = sim.store.addresses.list(P, user, { limit: 3 });
    const second = sim.store.addresses.list(P, user, { limit: 3, after: first.moreItemsAfter! });
    expect(first.moreItemsAfter).toBe(first.items[2]?.id);
    expect(second.items.map((a) => a.line1)).toEqual(['2 West 81st Street', '1 West 81st Street']);
  });

  it('throws invalid for a cursor that is not an address of the user', () => {
    const { sim, user } = setup();
    expect(thrown(() => sim.store.addresses.list(P, user, { after: user })).kind).toBe('invalid');
  });

  it('throws notFound for an unknown user', () => {
    const { sim } = setup();
    expect(thrown(() => sim.store.addresses.list(P, 'usr_unknown', {})).kind).toBe('notFound');
  });
});

describe('AddressStore.delete', () => {
  it('returns the deleted address', () => {
    const { sim, user } = setup();
    const address = sim.store.addresses.create(P, user, GUIDE_ADDRESS);
    expect(sim.store.addresses.delete(P, user, address.id)).toEqual(address);
  });

  it('makes the address unknown afterwards', () => {
    const { sim, user } = setup();
    const address = sim.store.addresses.create(P, user, GUIDE_ADDRESS);
    sim.store.addresses.delete(P, user, address.id);
    expect(thrown(() => sim.store.addresses.get(P, user, address.id)).kind).toBe('notFound');
    expect(sim.store.addresses.list(P, user, {}).items).toEqual([]);
  });

  it('allows the same address to be created again', () => {
    const { sim, user } = setup();
    const address = sim.store.addresses.create(P, user, GUIDE_ADDRESS);
    sim.store.addresses.delete(P, user, address.id);
    expect(sim.store.addresses.create(P, user, GUIDE_ADDRESS).id).not.toBe(address.id);
  });

  it('throws notFound for an address of another user', () => {
    const { sim, user } = setup();
    const other = sim.store.users.create(P, { email: 'elaine@example.com' }).id;
    const address = sim.store.addresses.create(P, other, GUIDE_ADDRESS);
    expect(thrown(() => sim.store.addresses.delete(P, user, address.id)).kind).toBe('notFound');
    expect(sim.store.addresses.get(P, other, address.id)).toEqual(address);
  });
});
