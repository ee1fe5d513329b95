import { createHash, timingSafeEqual } from 'node:crypto';
import type { z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { DomainError, Messages } from '../store/errors.js';
import { authorizationHeader } from './auth.js';
import { type AppEnv, validationError } from './router.js';

/** Compares in constant time (digests first, so the lengths match and leak nothing either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export const CONTROL_PREFIX = '/__mock';

/**
 * Guards every control-plane route: off entirely with --no-control-plane (404), and behind the
 * admin token when one is set (401). Health stays open: orchestrators probe it and it tells nothing.
 */
export const controlGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const sim = c.get('sim');
  const isHealth = c.req.path === `${CONTROL_PREFIX}/health`;
  if (!sim.options.controlPlane && !isHealth) throw new DomainError('notFound', Messages.routeNotFound);
  const token = sim.options.adminToken;
  if (token && !isHealth) {
    // The dedicated header wins: a client may well send its API key in Authorization as well.
    const given = c.req.header('x-gigs-mock-admin-token') ?? /^Bearer\s+(.+)$/i.exec(authorizationHeader(c) ?? '')?.[1]?.trim();
    if (given === undefined || !sameSecret(given, token)) throw new DomainError('unauthenticated', Messages.adminTokenRequired);
  }
  await next();
};

/** A control-plane JSON body: empty means `{}`, invalid JSON is 400, a schema failure 422. */
export async function readJson<T extends z.ZodType>(c: Context<AppEnv>, schema: T): Promise<z.infer<T>> {
  const type = c.req.header('content-type');
  if (type && !/^application\/json/i.test(type)) throw new DomainError('unsupportedMediaType', Messages.unsupportedMediaType);
  let raw: unknown = {};
  const text = await c.req.text();
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new DomainError('malformed', Messages.malformedJson);
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}
