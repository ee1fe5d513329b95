/**
 * The wire types of the Gigs objects the simulator answers with, inferred from the same zod
 * schemas that validate them, so a client can write `(await res.json()) as Subscription`.
 */
import type { ErrorBody } from './schemas/error.js';

export type { GigsEvent } from './engine/events.js';
export type { UserAddress } from './schemas/address.js';
export type { Plan } from './schemas/plan.js';
export type { ESimProfile, Sim, SimCredentials } from './schemas/sim.js';
export type { Subscription } from './schemas/subscription.js';
export type { User } from './schemas/user.js';

/** The Gigs error body: `{"object":"error","type":...,"message":...}`. */
export type GigsError = ErrorBody;

/** A page of a Gigs list endpoint; the cursors are the ids to pass as `after` / `before`. */
export interface List<T> {
  object: 'list';
  items: T[];
  moreItemsAfter: string | null;
  moreItemsBefore: string | null;
}
