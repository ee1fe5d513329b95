import type { Context } from 'hono';
import { authenticate, authenticateAnyProject } from './auth.js';
import { MAX_BODY_BYTES, readBody } from './body.js';
import { applyFaults } from './faults.js';
import type { AppEnv } from './router.js';

export { MAX_BODY_BYTES };

/**
 * What every request to a project goes through before its route, in this order: the API key
 * (401/403 first, as the real API does), the body limit and read (413), then injected faults.
 * Undefined when the request may go straight on (no body to read, nothing to inject), so a plain
 * GET never waits; otherwise a promise of the injected error response, or of undefined.
 */
export function enterProject(c: Context<AppEnv>, project: string | undefined): Promise<Response | undefined> | undefined {
  // Outside a project (`/serviceProviders`, `/deviceModelBrands`) any valid key will do.
  if (project === undefined) authenticateAnyProject(c);
  else authenticate(c, project);
  const reading = readBody(c, MAX_BODY_BYTES);
  return reading ? reading.then(() => applyFaults(c)) : applyFaults(c);
}
