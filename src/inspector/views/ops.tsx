import type { GigsEvent } from '../../engine/events.js';
import type { Fault } from '../../engine/faults.js';
import type { Delivery, WebhookEndpoint } from '../../engine/webhooks.js';
import type { RequestEntry } from '../../http/request-log.js';
import { ErrorType } from '../../schemas/error.js';
import type { Page as ListPage } from '../../store/collection.js';
import { Action, type Chrome, Json, Layout, Pager, Status, UI } from './common.js';

export function EventsPage(props: { chrome: Chrome; events: ListPage<GigsEvent>; type: string; project: string }) {
  const extra = `${props.type ? `&type=${encodeURIComponent(props.type)}` : ''}${props.project ? `&project=${encodeURIComponent(props.project)}` : ''}`;
  return (
    <Layout title="Events" chrome={props.chrome} current="Events">
      <h1>Events</h1>
      <form method="get" action={`${UI}/events`} class="inline-form">
        <label class="inline">
          Type <input name="type" value={props.type} placeholder="com.gigs.subscription.activated" size={36} />
        </label>
        <label class="inline">
          Project <input name="project" value={props.project} size={12} />
        </label>
        <button type="submit" class="secondary">
          Filter
        </button>
      </form>
      <section id="events" data-live>
        {props.events.items.length === 0 ? <p class="muted">No events yet.</p> : null}
        <ol class="log">
          {props.events.items.map((e) => (
            <li data-event-type={e.type}>
              <details id={`event-${e.id}`}>
                <summary>
                  <time datetime={e.time}>{e.time}</time> <strong>{e.type}</strong> <code>{e.id}</code>{' '}
                  <span class="muted">
                    {e.project} · {String((e.data as { id?: unknown }).id ?? '')}
                  </span>
                </summary>
                <Json value={e} />
                <Action name="redeliver" back={`${UI}/events`} label="Redeliver" kind="secondary" fields={{ event: e.id }} />
              </details>
            </li>
          ))}
        </ol>
        <Pager base={`${UI}/events`} page={props.events} extra={extra} />
      </section>
    </Layout>
  );
}

export function WebhooksPage(props: { chrome: Chrome; endpoints: WebhookEndpoint[]; deliveries: Delivery[]; secret: string }) {
  return (
    <Layout title="Webhooks" chrome={props.chrome} current="Webhooks">
      <h1>Webhooks</h1>
      <p class="muted">
        Signing secret <code>{props.secret}</code> (Standard Webhooks, as Svix signs Gigs' webhooks).
      </p>
      <section id="endpoints" data-live>
        <h2>Endpoints</h2>
        {props.endpoints.length === 0 ? (
          <p class="muted">
            No endpoints: start with <code>--webhook-url</code> or add one below.
          </p>
        ) : (
          <ul>
            {props.endpoints.map((e) => (
              <li>
                <code>{e.id}</code> {e.url} <span class="muted">{e.types ? e.types.join(', ') : 'every type'}</span>
                <Action
                  name="removeEndpoint"
                  back={`${UI}/webhooks`}
                  label="Remove"
                  kind="secondary"
                  fields={{ endpoint: e.id }}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
      <Action name="addEndpoint" back={`${UI}/webhooks`} label="Add endpoint" reset>
        <label class="inline">
          URL <input name="url" type="url" placeholder="http://localhost:4021/hooks" size={36} required />
        </label>
      </Action>
      <section id="deliveries" data-live>
        <h2>Deliveries</h2>
        {props.deliveries.length === 0 ? <p class="muted">No deliveries yet.</p> : null}
        <table>
          <thead>
            <tr>
              <th>Event</th>
              <th>Endpoint</th>
              <th>Status</th>
              <th>Attempts (time, status, latency, error)</th>
              <th>Next attempt</th>
            </tr>
          </thead>
          <tbody>
            {props.deliveries.map((d) => (
              <tr data-delivery={d.id} data-event={d.event}>
                <td>
                  {d.eventType}
                  <div>
                    <code>{d.event}</code>
                  </div>
                </td>
                <td>{d.url}</td>
                <td>
                  <Status value={d.status} />
                </td>
                <td>
                  <ol class="attempts">
                    {d.attempts.map((a) => (
                      <li>
                        {a.at} · {a.status ?? 'no answer'} · {a.latencyMs} ms{a.error ? ` · ${a.error}` : ''}
                      </li>
                    ))}
                  </ol>
                </td>
                <td>{d.nextAttemptAt ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}

export function RequestsPage(props: { chrome: Chrome; requests: RequestEntry[] }) {
  return (
    <Layout title="Requests" chrome={props.chrome} current="Requests">
      <h1>Requests</h1>
      <p class="muted">
        The last {props.requests.length} requests to the API and the control plane (the inspector's own are left out).
      </p>
      <section id="requests" data-live>
        <ol class="log">
          {props.requests.map((r, i) => (
            <li>
              <details id={`request-${r.time}-${i}`}>
                <summary>
                  <time datetime={r.time}>{r.time}</time> <strong>{r.method}</strong> <code>{r.path}</code>{' '}
                  <Status value={String(r.status)} /> <span class="muted">{r.durationMs} ms</span>
                </summary>
                <Json value={r} />
              </details>
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}

export interface JobView {
  at: string;
  kind: string;
  project: string;
  target: string;
}

export function TimePage(props: { chrome: Chrome; jobs: JobView[]; pending: number; nextJobAt: string | null }) {
  const back = `${UI}/time`;
  return (
    <Layout title="Time" chrome={props.chrome} current="Time">
      <h1>Time</h1>
      <section id="clock" data-live>
        <dl class="facts">
          <dt>Now (simulated)</dt>
          <dd>
            <time data-now datetime={props.chrome.now}>
              {props.chrome.now}
            </time>
          </dd>
          <dt>Clock</dt>
          <dd>{props.chrome.frozen ? 'frozen' : 'running with wall time'}</dd>
          <dt>Pending jobs</dt>
          <dd>{props.pending}</dd>
          <dt>Next due</dt>
          <dd>{props.nextJobAt ?? '—'}</dd>
        </dl>
        <div class="actions">
          {props.chrome.frozen ? (
            <Action name="clock" back={back} label="Unfreeze" kind="secondary" fields={{ frozen: 'false' }} />
          ) : (
            <Action name="clock" back={back} label="Freeze" kind="secondary" fields={{ frozen: 'true' }} />
          )}
        </div>
      </section>
      <div class="actions">
        <Action name="clock" back={back} label="Advance">
          <label class="inline">
            by <input name="advance" value="1h" size={8} aria-label="Advance by" />
          </label>
        </Action>
        {['5s', '1h', '1d', '31d'].map((d) => (
          <Action name="clock" back={back} label={`+${d}`} kind="secondary" fields={{ advance: d }} />
        ))}
        <Action name="clock" back={back} label="Set">
          <label class="inline">
            to <input name="set" placeholder="2030-06-01T00:00:00Z" size={24} aria-label="Set the clock to" />
          </label>
        </Action>
      </div>
      <section id="jobs" data-live>
        <h2>Pending jobs</h2>
        {props.jobs.length === 0 ? <p class="muted">Nothing is scheduled.</p> : null}
        <table>
          <thead>
            <tr>
              <th>Due</th>
              <th>Job</th>
              <th>Project</th>
              <th>Target</th>
            </tr>
          </thead>
          <tbody>
            {props.jobs.map((j) => (
              <tr>
                <td>{j.at}</td>
                <td>{j.kind}</td>
                <td>{j.project}</td>
                <td>
                  <code>{j.target}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {props.pending > props.jobs.length ? <p class="muted">…and {props.pending - props.jobs.length} more.</p> : null}
      </section>
    </Layout>
  );
}

/** The fault form's choices: no type (the status's own), or one of the Gigs error types. */
const ERROR_TYPES = ['', ...ErrorType.options];

export function FaultsPage(props: { chrome: Chrome; faults: Fault[] }) {
  const back = `${UI}/faults`;
  return (
    <Layout title="Faults" chrome={props.chrome} current="Faults">
      <h1>Fault rules</h1>
      <section id="faults" data-live>
        {props.faults.length === 0 ? <p class="muted">No fault rules: every request is answered normally.</p> : null}
        <table>
          <thead>
            <tr>
              <th>Rule</th>
              <th>Matches</th>
              <th>Answers</th>
              <th>Hits</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.faults.map((f) => (
              <tr data-fault={f.id}>
                <td>
                  <code>{f.id}</code>
                </td>
                <td>
                  {f.method ?? 'any method'} {f.path ?? 'any path'}
                  {f.project ? ` in ${f.project}` : ''}
                  {f.probability !== undefined ? ` · p=${f.probability}` : ''}
                  {f.times !== undefined ? ` · ${f.times} time(s)` : ''}
                </td>
                <td>
                  {f.status ?? ''} {f.type ?? ''} {f.code ?? ''}
                  {f.latency !== undefined ? ` · latency ${JSON.stringify(f.latency)} ms` : ''}
                </td>
                <td>{f.hits}</td>
                <td>
                  <Action name="removeFault" back={back} label="Remove" kind="secondary" fields={{ id: f.id }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h2>Add a rule</h2>
      <form method="post" action={`${UI}/actions/addFault`} class="card fault-form">
        <input type="hidden" name="back" value={back} />
        <div class="grid">
          <div class="field">
            <label for="f-method">Method</label>
            <select id="f-method" name="method">
              {['', 'GET', 'POST', 'PATCH', 'PUT', 'DELETE'].map((m) => (
                <option value={m}>{m || 'any'}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-path">Path</label>
            <input id="f-path" name="path" placeholder="/subscriptions/** (after /projects/{project})" />
          </div>
          <div class="field">
            <label for="f-project">Project</label>
            <input id="f-project" name="project" placeholder="any" />
          </div>
          <div class="field">
            <label for="f-status">Status</label>
            <input id="f-status" name="status" inputmode="numeric" placeholder="503" />
          </div>
          <div class="field">
            <label for="f-type">Type</label>
            <select id="f-type" name="type">
              {ERROR_TYPES.map((t) => (
                <option value={t}>{t || 'from the status'}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-code">Code</label>
            <input id="f-code" name="code" placeholder="serviceUnavailable" />
          </div>
          <div class="field">
            <label for="f-message">Message</label>
            <input id="f-message" name="message" />
          </div>
          <div class="field">
            <label for="f-latency">Latency</label>
            <input id="f-latency" name="latency" placeholder="250ms" />
          </div>
          <div class="field">
            <label for="f-probability">Probability</label>
            <input id="f-probability" name="probability" inputmode="decimal" placeholder="1" />
          </div>
          <div class="field">
            <label for="f-times">Times</label>
            <input id="f-times" name="times" inputmode="numeric" placeholder="unlimited" />
          </div>
        </div>
        <button type="submit">Add fault rule</button>
      </form>
      <Action name="clearFaults" back={back} label="Remove every rule" kind="danger" />
    </Layout>
  );
}

export function SnapshotPage(props: { chrome: Chrome }) {
  return (
    <Layout title="Snapshot" chrome={props.chrome} current="Snapshot">
      <h1>Snapshot</h1>
      <p>The whole state as JSON (projects, clock, scheduled work, ids, faults), exactly as GET /__mock/snapshot gives it.</p>
      <p>
        <a class="button" href={`${UI}/snapshot.json`} download="gigs-mock-snapshot.json">
          Download snapshot
        </a>
      </p>
      <form method="post" action={`${UI}/snapshot`} enctype="multipart/form-data" class="card" data-native>
        <div class="field">
          <label for="snapshot-file">Restore from a file</label>
          <input id="snapshot-file" type="file" name="snapshot" accept="application/json,.json" required />
          <p class="hint">Checked in full first: a bad snapshot is refused and the running state stays as it was.</p>
        </div>
        <button type="submit" class="danger">
          Upload and restore
        </button>
      </form>
    </Layout>
  );
}
