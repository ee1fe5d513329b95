import type { MiddlewareHandler } from 'hono';
import { DomainError, Messages } from '../store/errors.js';
import type { AppEnv } from './router.js';

export interface AuthOptions {
  /** Strict mode: API key -> the one project it belongs to. Empty map = open mode. */
  keys: Map<string, string>;
}

/** Project ids are slugs (reference §1); anything else in the path is a 404 before it becomes state. */
const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Runs before routing, validation and path lookups: the real API checks headers first, so a request
 * with no token and a bad query still gets 401 (reference §3.2, hierarchy of failure).
 */
export function auth(options: AuthOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S.*)$/i.exec(header);
    const token = match?.[1]?.trim();
    if (!token) throw new DomainError('unauthenticated', Messages.unauthenticated);
    const project = c.req.param('project') ?? '';
    const sim = c.get('sim');
    if (options.keys.size > 0) {
      const owner = options.keys.get(token);
      if (owner === undefined) throw new DomainError('unauthenticated', Messages.unauthenticated);
      if (owner !== project) throw new DomainError('permissionDenied', Messages.permissionDenied);
    } else if (!PROJECT_ID.test(project)) {
      throw new DomainError('notFound', Messages.notFound('project'));
    }
    sim.store.ensureProject(project);
    c.set('project', project);
    c.set('apiKey', token);
    await next();
  };
}
