import { Hono } from 'hono';
import { CONTROL_PREFIX, INSPECTOR_PREFIX } from '../http/control.js';
import type { AppEnv } from '../http/router.js';
import { htmlResponse, Page, stylesheetResponse } from '../web/page.js';
import { DOCS_ASSETS, type DocsAsset, docsAsset } from './assets.js';
import { CONTROL_ROUTES } from './control-routes.js';

const TYPES: Record<DocsAsset, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

/** Starts Swagger UI on /openapi.json: the only inline script, served with the page. */
const SWAGGER_INIT = `window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, tryItOutEnabled: true, persistAuthorization: true });
});`;

/**
 * API reference: GET /docs renders /openapi.json with Swagger UI (served from the package, never a
 * CDN); GET /docs/control describes the control plane, which /openapi.json leaves out.
 */
export const docsRouter = new Hono<AppEnv>()
  .get('/docs/style.css', (c) => stylesheetResponse(c))
  .get('/docs/assets/:file', (c) => {
    const name = c.req.param('file') as DocsAsset;
    const bytes = DOCS_ASSETS.includes(name) ? docsAsset(name) : undefined;
    if (bytes === undefined) return c.notFound();
    return c.body(new Uint8Array(bytes), 200, { 'content-type': TYPES[name], 'cache-control': 'public, max-age=86400' });
  })
  .get('/docs', (c) => {
    const available = DOCS_ASSETS.every((name) => docsAsset(name) !== undefined);
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · gigs-mock</title><link rel="stylesheet" href="/docs/style.css"><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div class="sim-banner" role="note"><strong>gigs-mock</strong> · API reference of the simulated Gigs Core API ·
<a href="/openapi.json">openapi.json</a> · <a href="/docs/control">control plane</a> · <a href="${INSPECTOR_PREFIX}">inspector</a></div>
${available ? '<div id="swagger-ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>' : '<main><div class="alert error" role="alert">Swagger UI is not installed beside this build (swagger-ui-dist); <a href="/openapi.json">/openapi.json</a> is the reference.</div></main>'}
${available ? `<script>${SWAGGER_INIT}</script>` : ''}</body></html>`;
    return c.html(html, 200, { 'cache-control': 'no-store' });
  })
  .get('/docs/control', (c) =>
    htmlResponse(
      c,
      <Page
        title="Control plane · gigs-mock"
        stylesheet="/docs/style.css"
        banner="control plane of the simulator (not part of the Gigs API)"
        wide
      >
        <h1>
          Control plane <code>{CONTROL_PREFIX}</code>
        </h1>
        <p>
          Routes only a simulator has: time, activation, the donor's side of portings, faults, snapshots, events and webhooks.
          They are left out of <a href="/openapi.json">/openapi.json</a> (the <a href="/docs">API reference</a>). With{' '}
          <code>--admin-token</code>, every one but health needs <code>x-gigs-mock-admin-token: &lt;token&gt;</code> or{' '}
          <code>Authorization: Bearer &lt;token&gt;</code>; <code>--no-control-plane</code> turns them off (404). Bodies are JSON;
          errors are Gigs error objects.
        </p>
        <p>
          The <a href={INSPECTOR_PREFIX}>inspector</a> at <code>{INSPECTOR_PREFIX}</code> drives the same operations from a
          browser; with an admin token, open it once as <code>{INSPECTOR_PREFIX}?token=&lt;token&gt;</code> (an HttpOnly,
          SameSite=Strict cookie scoped to {CONTROL_PREFIX} keeps you signed in).
        </p>
        <table>
          <thead>
            <tr>
              <th>Method</th>
              <th>Path</th>
              <th>What it does</th>
            </tr>
          </thead>
          <tbody>
            {CONTROL_ROUTES.map((r) => (
              <tr>
                <td>
                  <code>{r.method}</code>
                </td>
                <td>
                  <code>
                    {CONTROL_PREFIX}
                    {r.path}
                  </code>
                </td>
                <td>{r.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Page>,
    ),
  );
