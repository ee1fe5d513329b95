import type { Context } from 'hono';
import { wallTimers } from '../engine/clock.js';
import { parseDuration } from '../engine/duration.js';
import type { FaultEffect, InjectedError } from '../engine/faults.js';
import { replacementOfRetiredType } from '../schemas/error.js';
import { invalidProperty, Messages } from '../store/errors.js';
import { faultResponse, isErrorType } from './errors.js';
import type { AppEnv } from './router.js';

export const DELAY_HEADER = 'x-gigs-mock-delay';
export const ERROR_HEADER = 'x-gigs-mock-error';

/**
 * Applies injected faults to an authenticated API request: the per-request headers first, then the
 * rules from `POST /__mock/faults`. Returns undefined when there is nothing to inject (the common
 * case, answered synchronously); otherwise a promise of the injected error response, or of
 * undefined once an injected latency has passed. Latency is an awaited timer, so it never holds up
 * other requests.
 */
export function applyFaults(c: Context<AppEnv>): Promise<Response | undefined> | undefined {
  const sim = c.get('sim');
  let effect = sim.faults.match(c.req.method, c.req.path, c.get('project'));
  // Without the control plane the headers are ignored, but rules still apply: a scenario's own rules
  // (provider-outage, rate-limited) are its behaviour, not something a caller asked for.
  if (sim.options.controlPlane) {
    const delayHeader = c.req.header(DELAY_HEADER);
    if (delayHeader !== undefined) {
      const ms = parseDuration(delayHeader);
      if (ms === undefined || ms > 60_000) {
        throw invalidProperty(DELAY_HEADER, `${DELAY_HEADER} must be a duration up to 60s, such as 300ms.`);
      }
      effect ??= { latencyMs: 0 };
      effect.latencyMs = Math.max(effect.latencyMs, ms);
    }
    const errorHeader = c.req.header(ERROR_HEADER)?.trim();
    if (errorHeader) {
      effect ??= { latencyMs: 0 };
      effect.error = parseErrorHeader(errorHeader);
    }
  }
  if (effect === undefined || (effect.latencyMs <= 0 && !effect.error)) return undefined;
  return applyEffect(c, effect);
}

async function applyEffect(c: Context<AppEnv>, effect: FaultEffect): Promise<Response | undefined> {
  if (effect.latencyMs > 0) await wallTimers.sleep(effect.latencyMs);
  if (effect.error) return faultResponse(c, effect.error, { conflictStatus: c.get('sim').options.conflictStatus });
  return undefined;
}

/** `503` (a status), `serviceUnavailable` or `simAlreadyUsed` (a code), `notFound` (a type). */
function parseErrorHeader(value: string): InjectedError {
  if (/^\d{3}$/.test(value)) {
    const status = Number(value);
    if (status < 400 || status > 599) throw invalidProperty(ERROR_HEADER, `${ERROR_HEADER} status must be from 400 to 599.`);
    return { status };
  }
  if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(value)) {
    throw invalidProperty(ERROR_HEADER, `${ERROR_HEADER} must be an HTTP status, a Gigs error type or a Gigs error code.`);
  }
  const replacement = replacementOfRetiredType(value);
  if (replacement) throw invalidProperty(ERROR_HEADER, Messages.retiredErrorType(value, replacement));
  return isErrorType(value) ? { type: value } : { code: value };
}
