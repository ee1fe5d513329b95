import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { ConnectMessages } from '../store/connect-rules.js';
import { DomainError, Messages } from '../store/errors.js';
import type { AppEnv } from './router.js';

const BEARER = /^Bearer\s+(\S.*)$/i;

/** The bearer token of a request that must have one (401 otherwise), known in strict mode. */
function bearerToken(c: Context<AppEnv>): string {
  const token = BEARER.exec(authorizationHeader(c) ?? '')?.[1]?.trim();
  if (!token) throw new DomainError('unauthenticated', Messages.unauthenticated);
  return token;
}

/**
 * For a path outside any project (`/serviceProviders`): a token is needed, and in strict mode it
 * must be one of the configured keys, whatever its project.
 */
export function authenticateAnyProject(c: Context<AppEnv>): void {
  const token = bearerToken(c);
  if (userToken(c, token, undefined)) return;
  const keys = c.get('sim').options.apiKeys;
  if (keys.size > 0 && !keys.has(token)) throw new DomainError('unauthenticated', Messages.unauthenticated);
  c.set('apiKey', token);
}

/**
 * Checks the API key for a request to `project` and records who is asking. Runs before the path,
 * query and body are looked at: the real API checks headers first, so a request with no token and
 * a bad query still gets 401 (reference §3.2, hierarchy of failure).
 *
 * Strict mode (`keys` not empty) knows each key's one project; open mode takes any token and
 * creates the project on first use.
 */
export function authenticate(c: Context<AppEnv>, project: string): void {
  const token = bearerToken(c);
  if (userToken(c, token, project)) return;
  const sim = c.get('sim');
  const keys = sim.options.apiKeys;
  if (keys.size > 0) {
    const owner = keys.get(token);
    if (owner === undefined) throw new DomainError('unauthenticated', Messages.unauthenticated);
    if (owner !== project) throw new DomainError('permissionDenied', Messages.permissionDenied);
  }
  // A project id that is not a slug is a 404 before it becomes state; a new one past
  // --max-projects is a 429.
  sim.store.openProject(project);
  c.set('project', project);
  c.set('apiKey', token);
}

/**
 * A user token from a Connect Session (the embeds' exchange) acts for its user, in its project
 * only, in open and strict mode alike (src/http/user-scope.ts says what it may reach). An expired
 * one is a 401. False when the token is not one: it is then read as an API key.
 */
function userToken(c: Context<AppEnv>, token: string, project: string | undefined): boolean {
  const sim = c.get('sim');
  const principal = sim.store.connectSessions.principal(token, 'user');
  if (principal === undefined) return false;
  if (project !== undefined) {
    if (principal.project !== project) throw new DomainError('permissionDenied', ConnectMessages.userTokenProject);
    sim.store.openProject(project);
    c.set('project', project);
  }
  c.set('apiKey', token);
  c.set('user', principal.user);
  return true;
}

/**
 * The request's one Authorization header. Two of them would be joined into one value ("Bearer a,
 * Bearer b") and read as a token: that is a 400 malformed instead. Under the Node adapter the raw
 * headers are counted; in-process (a Headers object joins them already) the joined form is spotted.
 */
export function authorizationHeader(c: Context<AppEnv>): string | undefined {
  const raw = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.rawHeaders;
  if (raw !== undefined) {
    let count = 0;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i] as string;
      if (name.length === 13 && name.toLowerCase() === 'authorization') count++;
    }
    if (count > 1) throw new DomainError('malformed', Messages.duplicateAuthorization);
  }
  const value = c.req.header('authorization');
  if (value !== undefined && JOINED_SCHEMES.test(value)) throw new DomainError('malformed', Messages.duplicateAuthorization);
  return value;
}

const JOINED_SCHEMES = /,\s*(?:bearer|basic)\s/i;
