import type { Context } from 'hono';
import { DomainError, Messages } from '../store/errors.js';
import type { AppEnv } from './router.js';

/** Project ids are slugs (reference §1); anything else in the path is a 404 before it becomes state. */
const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const BEARER = /^Bearer\s+(\S.*)$/i;

/**
 * Checks the API key for a request to `project` and records who is asking. Runs before the path,
 * query and body are looked at: the real API checks headers first, so a request with no token and
 * a bad query still gets 401 (reference §3.2, hierarchy of failure).
 *
 * Strict mode (`keys` not empty) knows each key's one project; open mode takes any token and
 * creates the project on first use.
 */
export function authenticate(c: Context<AppEnv>, project: string): void {
  const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
  if (!token) throw new DomainError('unauthenticated', Messages.unauthenticated);
  const sim = c.get('sim');
  const keys = sim.options.apiKeys;
  if (keys.size > 0) {
    const owner = keys.get(token);
    if (owner === undefined) throw new DomainError('unauthenticated', Messages.unauthenticated);
    if (owner !== project) throw new DomainError('permissionDenied', Messages.permissionDenied);
  } else if (!PROJECT_ID.test(project)) {
    throw new DomainError('notFound', Messages.notFound('project'));
  }
  sim.store.ensureProject(project);
  c.set('project', project);
  c.set('apiKey', token);
}

/**
 * The same check for a path outside any project (`/serviceProviders`): any known key in strict mode,
 * any token in open mode. No project is entered.
 */
export function authenticateAny(c: Context<AppEnv>): void {
  const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
  if (!token) throw new DomainError('unauthenticated', Messages.unauthenticated);
  const keys = c.get('sim').options.apiKeys;
  if (keys.size > 0 && !keys.has(token)) throw new DomainError('unauthenticated', Messages.unauthenticated);
  c.set('project', '');
  c.set('apiKey', token);
}
