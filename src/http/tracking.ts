import type { Context, MiddlewareHandler } from 'hono';
import type { Simulator } from '../simulator.js';
import { INSPECTOR_PREFIX } from './control.js';
import { allowOrigin } from './cors.js';
import { isExpectedError, respondError } from './errors.js';
import type { AppEnv } from './router.js';

const HEALTH_PATH = '/__mock/health';
const CANCEL_PATH = '/__mock/clock/advance';

/**
 * Before any request: settle due work, so a GET after the activation time always sees `active`.
 * Health needs no settled state, and must answer even while a long clock advance is worked through.
 * During such an advance, API requests are served between its slices at the clock's current
 * position (a 10-year advance must not hold every request for its whole length), and the cancel
 * route answers at once; other control-plane requests (reset, snapshots) wait for it to end.
 */
function begin(c: Context<AppEnv>, sim: Simulator): Promise<void> | undefined {
  c.set('sim', sim);
  const { path } = c.req;
  if (path === HEALTH_PATH) return undefined;
  if (sim.advancing) {
    if (path === CANCEL_PATH || !path.startsWith('/__mock')) return undefined;
    return sim.whenSettled().then(() => void sim.settle());
  }
  sim.settle();
  return undefined;
}

/** After any request: note the write (persistence saves when something changed) and log it. */
function finish(c: Context<AppEnv>, sim: Simulator, status: number, started: number): void {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') sim.noteWrite();
  // The inspector's own page loads would fill the log it shows (and, live, refresh it forever).
  if (c.req.path.startsWith(INSPECTOR_PREFIX)) return;
  sim.requests.add(sim.clock.now(), c.req.method, c.req.path, status, Math.round((performance.now() - started) * 10) / 10);
}

/** The Gigs error answer for anything thrown; what is neither a domain error nor HTTP's is a bug, said where it can be seen. */
export function answerError(c: Context<AppEnv>, sim: Simulator, err: unknown): Response {
  if (!isExpectedError(err)) sim.reportError(err, `${c.req.method} ${c.req.path}`);
  return respondError(c, err, { conflictStatus: sim.options.conflictStatus });
}

/** The tracking as a middleware, for the routes that run through middleware (control plane, QR, OpenAPI). */
export function trackRequests(sim: Simulator): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await begin(c, sim);
    await next();
    finish(c, sim, c.res.status, started);
    allowOrigin(c, c.res);
  };
}

/**
 * The tracking around one handler that answers by itself (every project route, see createRouter):
 * no middleware chain, and a plain GET stays synchronous from start to answer. Errors are answered
 * here, so the log holds the status that was sent.
 */
export function serveTracked(
  c: Context<AppEnv>,
  sim: Simulator,
  serve: () => Response | Promise<Response>,
): Response | Promise<Response> {
  const started = performance.now();
  const done = (res: Response) => {
    finish(c, sim, res.status, started);
    return allowOrigin(c, res);
  };
  const failed = (err: unknown) => done(answerError(c, sim, err));
  let settling: Promise<void> | undefined;
  let result: Response | Promise<Response>;
  try {
    settling = begin(c, sim);
    result = settling ? settling.then(serve) : serve();
  } catch (err) {
    return failed(err);
  }
  return result instanceof Promise ? result.then(done, failed) : done(result);
}
