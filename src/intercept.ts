/**
 * In-process interception of the hosts Gigs' clients call: the Core API (`https://api.gigs.com`,
 * hard-coded in Gigs' own embeds: gigs/embeds-js `lib/core/subscription.ts`, `lib/core/porting.ts`),
 * the Connect host (`https://connect.gigs.com`, whose `/api/embeds/auth` the embeds call; answered
 * by the simulated Connect, under its path) and the host of the links the simulator hands out (its
 * `publicUrl`, for QR codes). No Node-only module: the adapters (`sim.fetch`, `gigs-mock/msw`) are
 * thin layers over `sim.app.fetch`.
 */
export const GIGS_API = 'https://api.gigs.com';
export const GIGS_CONNECT = 'https://connect.gigs.com';

export interface InterceptHosts {
  /** The Core API's origin (a staging host, say; an origin only, without a path). Default https://api.gigs.com. */
  api?: string;
  /** The Connect host's origin. Default https://connect.gigs.com. */
  connect?: string;
}

/** The origins a simulator answers in-process: the API, Connect, and its own public links. */
export function interceptedOrigins(publicUrl: string, hosts: InterceptHosts = {}) {
  const origin = (url: string) => new URL(url).origin;
  return { api: origin(hosts.api ?? GIGS_API), connect: origin(hosts.connect ?? GIGS_CONNECT), links: origin(publicUrl) };
}

/**
 * The request as the simulator's app takes it: same method, headers, path and query, on the
 * simulator's own origin. The body is read whole first (Node's Request needs `duplex` to stream one).
 */
export async function toSimulatorRequest(request: Request, base: string, pathPrefix = ''): Promise<Request> {
  const url = new URL(request.url);
  // An empty body stays a body (with its content-length), as it is over HTTP: a bare JSON POST
  // (`/cancel`) reads as `{}`, not as missing JSON.
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  return new Request(new URL(`${pathPrefix}${url.pathname}${url.search}`, base), {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
  });
}
