import { http } from 'msw';
import { type InterceptHosts, interceptedOrigins } from './intercept.js';
import type { Simulator } from './simulator.js';

export type { InterceptHosts } from './intercept.js';

export interface GigsHandlersOptions extends InterceptHosts {
  /**
   * Which hosts to answer: `api` (the Core API), `connect` (the Connect host) and `links` (the
   * simulator's public URL, for QR codes: `http://localhost:4020` unless `publicUrl` was set, so a
   * real gigs-mock on that port is answered in-process too; leave `links` out, or give the
   * simulator another `publicUrl`, to reach one). Default all three. Hosts are read when the
   * handlers are made.
   */
  intercept?: ('api' | 'connect' | 'links')[];
}

/**
 * MSW request handlers that answer requests to the Gigs API (`https://api.gigs.com/*`), the Connect
 * host and the simulator's public links from an in-process simulator, exactly as its HTTP server
 * would: `setupServer(...gigsHandlers(sim))`. They replace hand-written Gigs mocks such as the
 * ones Gigs' own embeds keep (gigs/embeds-js `testing/http.ts`). `msw` (2.x) is an optional peer
 * dependency of gigs-mock.
 */
export function gigsHandlers(sim: Simulator, options: GigsHandlersOptions = {}) {
  const origins = interceptedOrigins(sim.publicUrl, options);
  const wanted = options.intercept ?? (['api', 'connect', 'links'] as const);
  const answer = sim.fetchWith(options);
  return [...new Set(wanted.map((host) => origins[host]))].map((origin) =>
    http.all(`${origin}/*`, ({ request }) => answer(request)),
  );
}
