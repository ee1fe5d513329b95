import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './router.js';

/**
 * Resolves the ids in the path before the query and body are validated, so an unknown id is a 404
 * even when the body is also wrong (reference §3.2: headers, then path, then query and body).
 * Attached to each route with ids in its path through createRoute's `middleware`.
 */
export const resolvePath: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { store } = c.get('sim');
  const project = c.get('project');
  const params = c.req.param() as Record<string, string | undefined>;
  if (params.user !== undefined) store.users.record(project, params.user);
  if (params.address !== undefined && params.user !== undefined) store.addresses.record(project, params.user, params.address);
  if (params.subscription !== undefined) store.subscriptions.record(project, params.subscription);
  if (params.sim !== undefined) store.sims.record(project, params.sim);
  if (params.plan !== undefined) store.plans.record(project, params.plan);
  await next();
};
