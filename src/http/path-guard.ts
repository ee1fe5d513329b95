import type { Store } from '../store/store.js';

/**
 * Resolves the ids in a request's path before its query and body are validated, so an unknown id
 * is a 404 even when the body is also wrong (reference §3.2: headers, then path, then query and
 * body). The router calls it for every route; a route without ids resolves nothing.
 */
export function resolvePath(store: Store, project: string, params: Record<string, string | undefined>): void {
  if (params.user !== undefined) store.users.record(project, params.user);
  if (params.address !== undefined && params.user !== undefined) store.addresses.record(project, params.user, params.address);
  if (params.subscription !== undefined) store.subscriptions.record(project, params.subscription);
  if (params.sim !== undefined) store.sims.record(project, params.sim);
  if (params.plan !== undefined) store.plans.record(project, params.plan);
  if (params.addon !== undefined) store.addons.get(params.addon);
  if (params.subscriptionChange !== undefined) store.subscriptionChanges.record(project, params.subscriptionChange);
  if (params.device !== undefined) store.devices.record(project, params.device);
  if (params.subscriptionAddon !== undefined) store.subscriptionAddons.record(project, params.subscriptionAddon);
  if (params.porting !== undefined) store.portings.record(project, params.porting);
  if (params.portOut !== undefined) store.portOuts.record(project, params.portOut);
  if (params.connectSession !== undefined) store.connectSessions.record(project, params.connectSession);
}
