import { createHash, timingSafeEqual } from 'node:crypto';
import type { z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { DomainError, Messages } from '../store/errors.js';
import { authorizationHeader } from './auth.js';
import { type AppEnv, validationError } from './router.js';

/** Compares in constant time (digests first, so the lengths match and leak nothing either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export const CONTROL_PREFIX = '/__mock';
/** The web inspector (src/inspector), under the control plane so it is guarded like the rest. */
export const INSPECTOR_PREFIX = `${CONTROL_PREFIX}/ui`;
/**
 * A browser cannot send a header when it navigates, so the inspector takes the admin token once as
 * `?token=` and keeps a digest of it in this cookie: HttpOnly, SameSite=Strict (no other site can
 * make the browser send it, so forms cannot be forged from elsewhere), scoped to /__mock.
 */
export const ADMIN_COOKIE = 'gigs_mock_admin';

/** What the cookie holds: never the token itself. */
export function adminCookieValue(token: string): string {
  return createHash('sha256').update(`gigs-mock-admin:${token}`).digest('base64url');
}

/**
 * Guards every control-plane route: off entirely with --no-control-plane (404), and behind the
 * admin token when one is set (401). Health stays open: orchestrators probe it and it tells nothing.
 */
export const controlGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const sim = c.get('sim');
  const isHealth = c.req.path === `${CONTROL_PREFIX}/health`;
  // The inspector's stylesheet needs no token either: its sign-in page uses it, and it holds no state.
  const isPublic = isHealth || c.req.path === `${INSPECTOR_PREFIX}/style.css`;
  if (!sim.options.controlPlane && !isHealth) throw new DomainError('notFound', Messages.routeNotFound);
  const token = sim.options.adminToken;
  if (token && !isPublic) {
    const inspector = c.req.path === INSPECTOR_PREFIX || c.req.path.startsWith(`${INSPECTOR_PREFIX}/`);
    const query = inspector && c.req.method === 'GET' ? c.req.query('token') : undefined;
    if (query !== undefined) {
      if (!sameSecret(query, token)) return inspectorLogin(c, 401);
      // Keep the token out of the address bar and history: the cookie carries it from here on.
      setCookie(c, ADMIN_COOKIE, adminCookieValue(token), { httpOnly: true, sameSite: 'Strict', path: CONTROL_PREFIX });
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    // The dedicated header wins: a client may well send its API key in Authorization as well.
    const given = c.req.header('x-gigs-mock-admin-token') ?? /^Bearer\s+(.+)$/i.exec(authorizationHeader(c) ?? '')?.[1]?.trim();
    const cookie = given === undefined ? getCookie(c, ADMIN_COOKIE) : undefined;
    const allowed =
      given !== undefined ? sameSecret(given, token) : cookie !== undefined && sameSecret(cookie, adminCookieValue(token));
    if (!allowed) {
      if (inspector && c.req.method === 'GET') return inspectorLogin(c, 401);
      throw new DomainError('unauthenticated', Messages.adminTokenRequired);
    }
  }
  await next();
};

/** The inspector without a valid token: a page saying how to open it (no form: the URL carries the token). */
function inspectorLogin(c: Context<AppEnv>, status: 401): Response {
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gigs-mock inspector</title><link rel="stylesheet" href="${INSPECTOR_PREFIX}/style.css"></head>` +
      `<body><main><h1>Admin token required</h1><div class="alert error" role="alert">${Messages.adminTokenRequired}</div>` +
      `<p>This simulator runs with <code>--admin-token</code>. Open the inspector once as <code>${INSPECTOR_PREFIX}?token=&lt;admin token&gt;</code>; a cookie keeps you signed in.</p></main></body></html>`,
    status,
    { 'cache-control': 'no-store' },
  );
}

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
