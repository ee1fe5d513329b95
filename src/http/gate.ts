import type { Context } from 'hono';
import { authenticate, authenticateAny } from './auth.js';
import { readBody } from './body.js';
import { applyFaults } from './faults.js';
import type { AppEnv } from './router.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * What every request to a project goes through before its route, in this order: the API key
 * (401/403 first, as the real API does), the body limit and read (413), then injected faults.
 * Undefined when the request may go straight on (no body to read, nothing to inject), so a plain
 * GET never waits; otherwise a promise of the injected error response, or of undefined.
 */
export function enterProject(c: Context<AppEnv>, project: string): Promise<Response | undefined> | undefined {
  authenticate(c, project);
  const reading = readBody(c, MAX_BODY_BYTES);
  return reading ? reading.then(() => applyFaults(c)) : applyFaults(c);
}

/** The same for a route outside any project: the API key, then injected faults (such routes take no body). */
export function enterGlobal(c: Context<AppEnv>): Promise<Response | undefined> | undefined {
  authenticateAny(c);
  return applyFaults(c);
}
