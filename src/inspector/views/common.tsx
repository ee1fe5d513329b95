import type { Child } from 'hono/jsx';
import { INSPECTOR_PREFIX } from '../../http/control.js';
import { Page } from '../../web/page.js';

export const UI = INSPECTOR_PREFIX;

export interface Chrome {
  /** The simulated time, shown in the header. */
  now: string;
  frozen: boolean;
  /** A message after an action (`?notice=`). */
  notice?: string | undefined;
  /** A Gigs error to show (bad input): its message and the whole error object. */
  error?: { message: string; body: unknown } | undefined;
  /** Live updates by server-sent events (default on). */
  live?: boolean;
}

const NAV: [string, string][] = [
  ['Projects', `${UI}`],
  ['Events', `${UI}/events`],
  ['Webhooks', `${UI}/webhooks`],
  ['Requests', `${UI}/requests`],
  ['Time', `${UI}/time`],
  ['Faults', `${UI}/faults`],
  ['Snapshot', `${UI}/snapshot`],
];

/** Every inspector page: the simulator frame, the navigation, the clock, the flash, the live script. */
export function Layout(props: { title: string; chrome: Chrome; current?: string; children?: Child }) {
  const { chrome } = props;
  return (
    <Page
      title={`${props.title} · gigs-mock inspector`}
      stylesheet={`${UI}/style.css`}
      banner="inspector of the simulated Gigs world"
      wide
    >
      <div id="inspector" data-stream={chrome.live === false ? undefined : `${UI}/stream`}>
        <nav class="inspector-nav" aria-label="Inspector">
          {NAV.map(([label, href]) => (
            <a href={href} aria-current={props.current === label ? 'page' : undefined}>
              {label}
            </a>
          ))}
          <span class="inspector-nav-docs">
            <a href="/docs">API reference</a> · <a href="/docs/control">Control plane</a>
          </span>
        </nav>
        <p id="clock-badge" class="muted clock-badge" data-live>
          Simulated time <time datetime={chrome.now}>{chrome.now}</time>
          {chrome.frozen ? <span class="status status-pending"> frozen</span> : null}
        </p>
        <div id="flash" aria-live="polite">
          {chrome.error ? <ErrorAlert error={chrome.error} /> : null}
          {chrome.notice ? (
            <div class="alert success" role="status">
              {chrome.notice}
            </div>
          ) : null}
        </div>
        {props.children}
      </div>
      <script src={`${UI}/inspector.js`} defer></script>
    </Page>
  );
}

function ErrorAlert(props: { error: { message: string; body: unknown } }) {
  return (
    <div class="alert error" role="alert">
      <strong>{props.error.message}</strong>
      <details>
        <summary>Error object</summary>
        <pre>{JSON.stringify(props.error.body, null, 2)}</pre>
      </details>
    </div>
  );
}

/** A status as a coloured pill. */
export function Status(props: { value: string }) {
  return <span class={`status status-${props.value}`}>{props.value}</span>;
}

/** A control-plane action as a form: POSTs without a script, is sent with fetch when there is one. */
export function Action(props: {
  name: string;
  back: string;
  label: string;
  fields?: Record<string, string>;
  kind?: 'secondary' | 'danger';
  confirm?: string;
  children?: Child;
  reset?: boolean;
}) {
  return (
    <form
      method="post"
      action={`${UI}/actions/${props.name}`}
      class="inline-form"
      data-confirm={props.confirm}
      data-reset={props.reset ? '' : undefined}
    >
      <input type="hidden" name="back" value={props.back} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {props.children}
      <button type="submit" class={props.kind}>
        {props.label}
      </button>
    </form>
  );
}

/** Older/newer links of a cursor-paginated list (the API's own cursors). */
export function Pager(props: {
  base: string;
  page: { moreItemsAfter: string | null; moreItemsBefore: string | null };
  extra?: string;
}) {
  const join = (cursor: string) => `${props.base}${props.base.includes('?') ? '&' : '?'}${cursor}${props.extra ?? ''}`;
  return (
    <p class="pager">
      {props.page.moreItemsBefore ? <a href={join(`before=${encodeURIComponent(props.page.moreItemsBefore)}`)}>← Newer</a> : null}
      {props.page.moreItemsAfter ? <a href={join(`after=${encodeURIComponent(props.page.moreItemsAfter)}`)}>Older →</a> : null}
    </p>
  );
}

export function Json(props: { value: unknown }) {
  return <pre class="json">{JSON.stringify(props.value, null, 2)}</pre>;
}

export const projectPath = (project: string) => `${UI}/projects/${encodeURIComponent(project)}`;
export const userPath = (project: string, user: string) => `${projectPath(project)}/users/${encodeURIComponent(user)}`;
