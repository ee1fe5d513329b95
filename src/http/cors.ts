import type { Context } from 'hono';

/**
 * CORS for browser clients: Gigs' embeds call the Core API and Connect's token exchange from the
 * partner's page (gigs/embeds-js `lib/core/subscription.ts`, `lib/core/token.ts`), so a page on
 * http://localhost:3000 must be able to call the simulator. Credentials travel as bearer tokens,
 * never cookies, so any origin may read the answers (`*`). A response gets the header only when
 * the request has an Origin (what browsers send): other clients pay nothing.
 */
export function allowOrigin(c: Context, res: Response): Response {
  if (c.req.header('origin') === undefined || !corsPath(c.req.path)) return res;
  try {
    res.headers.set('access-control-allow-origin', '*');
    res.headers.set('access-control-expose-headers', 'retry-after');
  } catch {
    // A response with immutable headers (a fetched one) goes out as it is.
  }
  return res;
}

/**
 * Only what a browser client of Gigs calls: the Core API and Connect's token exchange. Never the
 * control plane (any page the developer visits could read or reset the simulator) nor Connect's
 * pages (a form post there acts on a browser's session).
 */
const CORS_PATHS = /^\/(projects\/|serviceProviders$|deviceModelBrands$|(.*\/)?api\/embeds\/auth$)/;

export function corsPath(path: string): boolean {
  return CORS_PATHS.test(path) && !path.startsWith('/__mock');
}

const ALLOWED_HEADERS = /^[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*$/;

/** The answer to a browser's preflight (an OPTIONS with Access-Control-Request-Method), or undefined. */
export function preflight(c: Context): Response | undefined {
  if (c.req.method !== 'OPTIONS' || c.req.header('access-control-request-method') === undefined) return undefined;
  if (!corsPath(c.req.path)) return undefined;
  const asked = c.req.header('access-control-request-headers') ?? '';
  return c.body(null, 204, {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
    'access-control-allow-headers': ALLOWED_HEADERS.test(asked) ? asked : 'authorization, content-type',
    'access-control-max-age': '600',
  });
}
