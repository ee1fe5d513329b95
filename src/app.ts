import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { connectRouter } from './connect/app.js';
import { embedsAuth } from './connect/forms.js';
import { docsRouter } from './docs/routes.js';
import { authenticateAnyProject } from './http/auth.js';
import { controlBodyReader } from './http/body.js';
import { CONTROL_PREFIX, controlGuard, INSPECTOR_PREFIX } from './http/control.js';
import { preflight } from './http/cors.js';
import { ExactPatternRouter } from './http/exact-router.js';
import { enterProject } from './http/gate.js';
import { routingPath } from './http/path.js';
import type { AppEnv } from './http/router.js';
import { answerError, serveTracked, trackRequests } from './http/tracking.js';
import { unsimulatedGlobalResource, unsimulatedProjectResource } from './http/unsimulated.js';
import { inspectorRouter } from './inspector/routes.js';
import { addonsRouter } from './routes/addons.js';
import { addressesRouter } from './routes/addresses.js';
import { connectSessionsRouter } from './routes/connect-sessions.js';
import { controlRouter } from './routes/control.js';
import { eventsControlRouter } from './routes/control-events.js';
import { devicesRouter } from './routes/devices.js';
import { plansRouter } from './routes/plans.js';
import { portOutsRouter } from './routes/port-outs.js';
import { portingsRouter } from './routes/portings.js';
import { qrRouter } from './routes/qr.js';
import { serviceProvidersRouter } from './routes/service-providers.js';
import { simsRouter } from './routes/sims.js';
import { subscriptionAddonsRouter } from './routes/subscription-addons.js';
import { subscriptionChangesRouter } from './routes/subscription-changes.js';
import { subscriptionsRouter } from './routes/subscriptions.js';
import { usageRouter } from './routes/usage.js';
import { usersRouter } from './routes/users.js';
import type { Simulator } from './simulator.js';
import { DomainError, Messages } from './store/errors.js';

const PROJECT_PATH = /^\/projects\/([^/]+)(.*)$/;
const EMBEDS_AUTH_PATH = '/api/embeds/auth';

/** The path the simulated Connect is served under: that of --connect-url (default `/connect`). */
export function connectBasePath(sim: Simulator): string {
  const url = sim.options.connectUrl;
  if (url === undefined) return '/connect';
  return new URL(url).pathname.replace(/\/+$/, '');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The root app: middleware, the public routers, the OpenAPI document and the error mapping. */
export function createApp(sim: Simulator): OpenAPIHono<AppEnv> {
  // Paths are normalised once, before routing (src/http/path.ts); the router itself stays exact.
  const app = new OpenAPIHono<AppEnv>({ router: new ExactPatternRouter(), getPath: routingPath });

  // Project routes are tracked by their own handler (createRouter); the rest through middleware.
  const track = trackRequests(sim);
  app.use('/qr/*', track);
  app.use('/openapi.json', track);
  app.use('/docs', track);
  app.use('/docs/*', track);
  // Project routes also enter the project themselves (auth, body, faults), so a GET is one handler
  // and no middleware. Control-plane bodies are held to the API's 1 MB, snapshots to --max-snapshot-size.
  app.use(`${CONTROL_PREFIX}/*`, track, controlGuard, controlBodyReader(`${CONTROL_PREFIX}/snapshot`));
  // The simulated Connect (its pages and the embeds' token exchange), under the path of its base URL.
  const connectBase = connectBasePath(sim);
  app.use(`${connectBase}/*`, track);
  app.use(EMBEDS_AUTH_PATH, track);

  app.route('/', usersRouter(sim));
  app.route('/', addressesRouter(sim));
  app.route('/', plansRouter(sim));
  app.route('/', addonsRouter(sim));
  app.route('/', subscriptionAddonsRouter(sim));
  app.route('/', devicesRouter(sim));
  app.route('/', subscriptionChangesRouter(sim));
  app.route('/', usageRouter(sim));
  app.route('/', subscriptionsRouter(sim));
  app.route('/', simsRouter(sim));
  app.route('/', portingsRouter(sim));
  app.route('/', portOutsRouter(sim));
  app.route('/', serviceProvidersRouter(sim));
  app.route('/', connectSessionsRouter(sim));
  app.route('/', qrRouter);
  app.route(connectBase, connectRouter(sim, connectBase));
  // Also at the root: a client that swaps only the host of https://connect.gigs.com/api/embeds/auth.
  app.post(EMBEDS_AUTH_PATH, ...embedsAuth(sim));
  app.route('/', docsRouter);
  // Plain Hono, not OpenAPIHono: the control plane stays out of /openapi.json.
  app.route(CONTROL_PREFIX, controlRouter);
  app.route(CONTROL_PREFIX, eventsControlRouter);
  app.route(INSPECTOR_PREFIX, inspectorRouter);

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

  app.notFound((c) => {
    // Under a middleware that tracks (control plane), the request is tracked already.
    if (c.get('sim') !== undefined) return notFound(c);
    return serveTracked(c, sim, () => notFound(c));
  });
  const notFound = async (c: Context<AppEnv>): Promise<Response> => {
    // A browser's preflight is answered before any token is asked for (it carries none).
    const answer = preflight(c);
    if (answer) return answer;
    try {
      // No route, but a request to a project is still authenticated (and faulted) first, as the
      // real API checks headers before the path: no token is a 401 even on an unknown path.
      const match = PROJECT_PATH.exec(c.req.path);
      if (match?.[1] !== undefined) {
        const blocked = await enterProject(c, decodeSegment(match[1]));
        if (blocked) return blocked;
      }
      // A path the real API has but the simulator lacks is 501, not "your URL is wrong".
      const missing = match ? unsimulatedProjectResource(match[2] ?? '') : unsimulatedGlobalResource(c.req.path);
      if (missing !== undefined) {
        // Outside a project the token is still checked first (the real API checks headers first).
        if (!match) authenticateAnyProject(c);
        throw new DomainError('notImplemented', Messages.notImplemented(missing));
      }
      throw new DomainError('notFound', Messages.routeNotFound);
    } catch (err) {
      return answerError(c, sim, err);
    }
  };
  app.onError((err, c) => answerError(c, sim, err));
  return app;
}
