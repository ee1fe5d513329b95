import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyReader } from './http/body.js';
import { CONTROL_PREFIX, controlGuard } from './http/control.js';
import { isExpectedError, respondError } from './http/errors.js';
import { enterProject } from './http/gate.js';
import type { AppEnv } from './http/router.js';
import { addressesRouter } from './routes/addresses.js';
import { controlRouter } from './routes/control.js';
import { eventsControlRouter } from './routes/control-events.js';
import { plansRouter } from './routes/plans.js';
import { qrRouter } from './routes/qr.js';
import { simsRouter } from './routes/sims.js';
import { subscriptionsRouter } from './routes/subscriptions.js';
import { usersRouter } from './routes/users.js';
import type { Simulator } from './simulator.js';
import { DomainError, Messages } from './store/errors.js';

const HEALTH_PATH = '/__mock/health';
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

const PROJECT_PATH = /^\/projects\/([^/]+)/;

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The root app: middleware, the public routers, the OpenAPI document and the error mapping. */
export function createApp(sim: Simulator): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const errorOptions = { conflictStatus: sim.options.conflictStatus };

  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('sim', sim);
    // Settle due work first, so a GET after the activation time always sees `active`. Health needs
    // no settled state, and must answer even while a long clock advance is being worked through.
    if (c.req.path !== HEALTH_PATH) {
      if (sim.advancing) await sim.whenSettled();
      sim.settle();
    }
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') sim.noteWrite();
    sim.requests.add({
      at: sim.clock.now(),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  // Project routes enter the project themselves (auth, body, faults: see createRouter), so a GET
  // is one handler after this middleware. Snapshots of big projects are large; the control plane
  // is for trusted callers.
  app.use(`${CONTROL_PREFIX}/*`, controlGuard, bodyReader(MAX_SNAPSHOT_BYTES));

  app.route('/', usersRouter);
  app.route('/', addressesRouter);
  app.route('/', plansRouter);
  app.route('/', subscriptionsRouter);
  app.route('/', simsRouter);
  app.route('/', qrRouter);
  // Plain Hono, not OpenAPIHono: the control plane stays out of /openapi.json.
  app.route(CONTROL_PREFIX, controlRouter);
  app.route(CONTROL_PREFIX, eventsControlRouter);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  // A function, so `servers` shows the URL the simulator ended up listening on.
  app.doc31('/openapi.json', () => ({
    openapi: '3.1.0',
    info: {
      title: 'Gigs Core API (gigs-mock simulator)',
      version: '2026-01-29',
      description: 'The routes gigs-mock simulates. Control-plane routes under /__mock are not part of this document.',
    },
    servers: [{ url: sim.publicUrl }],
  }));

  app.notFound(async (c) => {
    try {
      // No route, but a request to a project is still authenticated (and faulted) first, as the
      // real API checks headers before the path: no token is a 401 even on an unknown path.
      const project = PROJECT_PATH.exec(c.req.path)?.[1];
      if (project !== undefined) {
        const blocked = await enterProject(c, decodeSegment(project));
        if (blocked) return blocked;
      }
      throw new DomainError('notFound', Messages.routeNotFound);
    } catch (err) {
      return respondError(c, err, errorOptions);
    }
  });
  app.onError((err, c) => {
    // Anything that is not a domain error or an HTTP exception is a bug: say so where it can be seen.
    if (!isExpectedError(err)) sim.reportError(err, `${c.req.method} ${c.req.path}`);
    return respondError(c, err, errorOptions);
  });
  return app;
}
