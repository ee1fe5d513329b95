import type { Context } from 'hono';
import { ConnectMessages } from '../store/connect-rules.js';
import { DomainError, notFound } from '../store/errors.js';
import type { Store } from '../store/store.js';
import type { AppEnv } from './router.js';

/**
 * What a user token (from a Connect Session: see src/store/connect-sessions.ts) may do on the Core
 * API: read the catalogue and that user's own resources, and PATCH their own porting, as Gigs' embeds do
 * (gigs/embeds-js reads the subscription, PATCHes its porting; the React Native SDK also lists
 * service providers). Anything else is 403; another user's resource is 404, as if it did not exist
 * (a user must not learn which ids exist). Routes are named as declared: `METHOD /path/{param}`.
 */
const ALLOWED = new Set([
  'GET /projects/{project}/plans',
  'GET /projects/{project}/plans/{plan}',
  'GET /projects/{project}/addons',
  'GET /projects/{project}/addons/{addon}',
  'GET /projects/{project}/users/{user}',
  'GET /projects/{project}/users/{user}/addresses',
  'GET /projects/{project}/users/{user}/addresses/{address}',
  'GET /projects/{project}/subscriptions',
  'GET /projects/{project}/subscriptions/{subscription}',
  'GET /projects/{project}/subscriptions/{subscription}/usage',
  'GET /projects/{project}/sims/{sim}',
  'GET /projects/{project}/portings',
  'GET /projects/{project}/portings/{porting}',
  'PATCH /projects/{project}/portings/{porting}',
  'GET /projects/{project}/subscriptionAddons/{subscriptionAddon}',
  'GET /projects/{project}/devices/{device}',
  'GET /serviceProviders',
  'GET /deviceModelBrands',
]);

/** Lists a user token may read, narrowed to that user's own items by their `user` filter. */
const NARROWED = new Set(['GET /projects/{project}/subscriptions', 'GET /projects/{project}/portings']);

/** Checks a user token's request against its route, before the route's own validation runs. */
export function checkUserScope(
  store: Store,
  route: string,
  c: Context<AppEnv>,
  params: Record<string, string | undefined>,
): void {
  const user = c.get('user');
  if (user === undefined) return;
  if (!ALLOWED.has(route)) throw new DomainError('permissionDenied', ConnectMessages.userTokenScope);
  const project = c.get('project') as string | undefined;
  if (project === undefined) return;
  const state = store.project(project);
  const mine = (owner: string | null | undefined, what: string) => {
    if (owner !== user) throw notFound(what);
  };
  if (params.user !== undefined) mine(params.user, 'user');
  if (params.subscription !== undefined) mine(state.subscriptions.get(params.subscription)?.user, 'subscription');
  if (params.porting !== undefined) mine(state.portings.get(params.porting)?.user, 'porting');
  if (params.device !== undefined) mine(state.devices.get(params.device)?.user, 'device');
  if (params.subscriptionAddon !== undefined)
    mine(state.subscriptionAddons.get(params.subscriptionAddon)?.user, 'subscription add-on');
  if (params.sim !== undefined) {
    // A SIM is the user's while one of their subscriptions has (or had) it.
    const owned = state.subscriptionsByUser.get(user).some((id) => state.subscriptions.get(id)?.sim === params.sim);
    if (!owned) throw notFound('SIM');
  }
}

/** For a narrowed list: the `user` filter a user token's request is answered with (its own user only). */
export function narrowedQuery(route: string, c: Context<AppEnv>, query: Record<string, unknown>): Record<string, unknown> {
  const user = c.get('user');
  if (user === undefined || !NARROWED.has(route)) return query;
  const asked = query.user as string[] | undefined;
  // Asking for other users' items finds none of them (an id no resource has).
  return { ...query, user: asked === undefined || asked.includes(user) ? [user] : [''] };
}
