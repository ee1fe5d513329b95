/**
 * The control plane, described for /docs/control. test/docs.test.ts checks that every route the
 * control routers serve is here, and nothing else, so this list cannot drift from the code.
 */
export interface ControlRouteDoc {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under /__mock, with {params}. */
  path: string;
  does: string;
}

export const CONTROL_ROUTES: ControlRouteDoc[] = [
  {
    method: 'GET',
    path: '/health',
    does: '{"status":"ok","projects":n,"now":"…"}; no token needed. 503 "degraded" while --state-file saves fail.',
  },
  {
    method: 'POST',
    path: '/reset',
    does: 'Back to the start-up scenario: every project, or ?project=. Clears their faults and events; the clock stays.',
  },
  { method: 'GET', path: '/clock', does: 'now, frozen, pendingJobs and nextJobAt.' },
  {
    method: 'POST',
    path: '/clock',
    does: '{"advance":"90s"}, {"set":"2030-06-01T00:00:00Z"} (forward only), {"frozen":true}; runs what falls due in slices (API requests are answered between them) and waits for the webhook attempts it causes; "canceled":true when stopped.',
  },
  {
    method: 'DELETE',
    path: '/clock/advance',
    does: 'Cancels a running advance after its current slice; the clock stays where it got to, the jobs not yet run stay queued.',
  },
  { method: 'PUT', path: '/projects/{project}/activation', does: '{"mode":"delay"|"immediate"|"manual","delay":"5s"}.' },
  {
    method: 'POST',
    path: '/projects/{project}/subscriptions/{subscription}/activate',
    does: 'Activates a pending subscription now.',
  },
  {
    method: 'POST',
    path: '/projects/{project}/subscriptions/{subscription}/usage',
    does: '{"data","voice","sms","country","at"}: records usage (bytes, seconds, messages).',
  },
  {
    method: 'PUT',
    path: '/projects/{project}/porting',
    does: '{"mode":"delay"|"manual","delay":"4h"}: how the donor answers new portings and port-outs.',
  },
  { method: 'POST', path: '/projects/{project}/portings/{porting}/complete', does: 'The donor completes a submitted porting.' },
  {
    method: 'POST',
    path: '/projects/{project}/portings/{porting}/decline',
    does: '{"code":"portingDeclined","message"?}: the donor declines it.',
  },
  {
    method: 'POST',
    path: '/projects/{project}/portings/{porting}/require',
    does: '{"fields":["birthday"]}: to informationRequired.',
  },
  {
    method: 'POST',
    path: '/projects/{project}/portOuts/{portOut}/issue',
    does: 'Issues a processing port-out’s credentials now.',
  },
  {
    method: 'POST',
    path: '/projects/{project}/portOuts/{portOut}/complete',
    does: 'Another carrier took the number; the subscription ends.',
  },
  { method: 'POST', path: '/projects/{project}/portOuts/{portOut}/expire', does: 'The port-out expires unused.' },
  { method: 'GET', path: '/scenarios', does: 'The scenarios, and the current one.' },
  {
    method: 'POST',
    path: '/scenarios/{name}',
    does: 'Resets one project (?project=) or the whole simulator into that scenario.',
  },
  { method: 'GET', path: '/faults', does: 'The fault rules.' },
  {
    method: 'POST',
    path: '/faults',
    does: 'Adds a fault rule: method, path, project, status, type, code, message, latency, probability, times.',
  },
  { method: 'DELETE', path: '/faults', does: 'Removes every fault rule.' },
  { method: 'DELETE', path: '/faults/{id}', does: 'Removes one fault rule.' },
  { method: 'GET', path: '/requests', does: 'The last requests (?limit= 1 to 200): method, path, status, duration.' },
  { method: 'GET', path: '/snapshot', does: 'The whole state as JSON.' },
  {
    method: 'PUT',
    path: '/snapshot',
    does: 'Restores a snapshot exactly, after checking it in full (up to --max-snapshot-size).',
  },
  { method: 'GET', path: '/events', does: 'The event log, newest first: ?project=, ?type=, after, before, limit.' },
  { method: 'GET', path: '/events/{id}', does: 'One event.' },
  {
    method: 'POST',
    path: '/events/{id}/redeliver',
    does: 'Sends the event again to every endpoint that takes it (same webhook-id).',
  },
  { method: 'GET', path: '/webhooks/endpoints', does: 'The endpoints, with the signing secret.' },
  {
    method: 'POST',
    path: '/webhooks/endpoints',
    does: '{"url","types":["com.gigs.subscription.*"],"project"}: adds an endpoint.',
  },
  { method: 'DELETE', path: '/webhooks/endpoints', does: 'Removes every endpoint.' },
  { method: 'DELETE', path: '/webhooks/endpoints/{id}', does: 'Removes one endpoint.' },
  {
    method: 'GET',
    path: '/webhooks/deliveries',
    does: 'The delivery log (?event=, ?endpoint=, ?status=, ?limit=): attempts with time, status, latency, error; the next attempt.',
  },
];
