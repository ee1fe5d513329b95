import type { Child } from 'hono/jsx';
import type { SimCredentials } from '../schemas/sim.js';
import type { Subscription } from '../schemas/subscription.js';
import { TEST_CARDS } from '../store/payments.js';
import type { PlanRecord } from '../store/types.js';
import { Page, type Theme } from '../web/page.js';

/** Field values as typed, and the message for each bad field, by property name (`address.city`). */
export type Values = Record<string, string>;
export type FieldErrors = Record<string, string>;

export interface Frame {
  /** The simulated Connect's base path (`/connect`). */
  base: string;
  theme?: Theme | undefined;
}

export function ConnectPage(props: { frame: Frame; title: string; steps?: string[]; step?: number; children?: Child }) {
  return (
    <Page
      title={`${props.title} · Connect (simulated)`}
      stylesheet={`${props.frame.base}/style.css`}
      banner="Simulated Gigs Connect: no payment is taken and no real SIM is made."
      theme={props.frame.theme}
    >
      {props.steps && (
        <ol class="steps" aria-label="Progress">
          {props.steps.map((label, i) => (
            <li aria-current={i === props.step ? 'step' : undefined}>
              {i + 1}. {label}
            </li>
          ))}
        </ol>
      )}
      <h1>{props.title}</h1>
      {props.children}
    </Page>
  );
}

export function ErrorPage(props: { frame: Frame; title: string; message: string }) {
  return (
    <ConnectPage frame={props.frame} title={props.title}>
      <div class="alert error" role="alert">
        {props.message}
      </div>
      <p class="muted">Ask the app that sent you here for a new link.</p>
    </ConnectPage>
  );
}

/** The errors of a form at its top (announced), each also shown beside its field. */
export function ErrorSummary(props: { message?: string | undefined; errors: FieldErrors }) {
  const entries = Object.entries(props.errors);
  if (props.message === undefined && entries.length === 0) return null;
  return (
    <div class="alert error" role="alert" id="form-errors">
      <strong>{props.message ?? 'Please correct the fields below.'}</strong>
      {entries.length > 1 && (
        <ul>
          {entries.map(([, message]) => (
            <li>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

const fieldId = (name: string) => `f-${name.replaceAll('.', '-')}`;

export function Field(props: {
  name: string;
  label: string;
  values: Values;
  errors: FieldErrors;
  type?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  inputmode?: 'numeric' | 'text' | 'email' | 'tel';
}) {
  const id = fieldId(props.name);
  const error = props.errors[props.name];
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.values[props.name] ?? ''}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
      />
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Hidden copies of earlier steps' values, so each step posts everything the flow needs. */
export function Carried(props: { values: Values; names: string[] }) {
  return (
    <>
      {props.names
        .filter((name) => props.values[name] !== undefined)
        .map((name) => (
          <input type="hidden" name={name} value={props.values[name]} />
        ))}
    </>
  );
}

export function AddressFields(props: { prefix: string; values: Values; errors: FieldErrors; legend: string }) {
  const f = (name: string) => `${props.prefix}.${name}`;
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <Field name={f('line1')} label="Address line 1" autocomplete="address-line1" values={props.values} errors={props.errors} />
      <Field
        name={f('line2')}
        label="Address line 2 (optional)"
        autocomplete="address-line2"
        values={props.values}
        errors={props.errors}
      />
      <Field name={f('city')} label="City" autocomplete="address-level2" values={props.values} errors={props.errors} />
      <Field
        name={f('state')}
        label="State or region"
        autocomplete="address-level1"
        values={props.values}
        errors={props.errors}
      />
      <Field name={f('postalCode')} label="Postal code" autocomplete="postal-code" values={props.values} errors={props.errors} />
      <Field
        name={f('country')}
        label="Country"
        hint="Two letters, such as US or GB."
        autocomplete="country"
        values={props.values}
        errors={props.errors}
      />
    </fieldset>
  );
}

export function CardFields(props: { values: Values; errors: FieldErrors }) {
  return (
    <fieldset>
      <legend>Card (test mode)</legend>
      <Field
        name="card.number"
        label="Card number"
        inputmode="numeric"
        autocomplete="cc-number"
        values={props.values}
        errors={props.errors}
      />
      <Field name="card.expiry" label="Expiry (MM/YY)" autocomplete="cc-exp" values={props.values} errors={props.errors} />
      <Field
        name="card.cvc"
        label="Security code"
        inputmode="numeric"
        autocomplete="cc-csc"
        values={props.values}
        errors={props.errors}
      />
      <TestCards />
    </fieldset>
  );
}

export function TestCards() {
  return (
    <details>
      <summary>Test card numbers</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {TEST_CARDS.map((card) => (
            <tr>
              <td>
                <code>{card.number}</code>
              </td>
              <td>{card.outcome === 'succeeds' ? 'succeeds' : `${card.label} (${card.outcome})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">Any future expiry date and any 3 digits as the security code.</p>
    </details>
  );
}

function amount(bytes: number | null, unit: 'data' | 'voice' | 'sms'): string {
  if (bytes === null) return 'none';
  if (bytes < 0) return 'unlimited';
  if (unit === 'data')
    return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(bytes % 1e9 === 0 ? 0 : 1)} GB` : `${Math.round(bytes / 1e6)} MB`;
  if (unit === 'voice') return `${Math.round(bytes / 60)} minutes`;
  return `${bytes} messages`;
}

export function price(p: { amount: number; currency: string }): string {
  return `${(p.amount / 100).toFixed(2)} ${p.currency}`;
}

export function PlanSummary(props: { plan: PlanRecord }) {
  const { plan } = props;
  const period = `${plan.validity.value} ${plan.validity.unit}${plan.validity.value === 1 ? '' : 's'}`;
  return (
    <section class="card" aria-labelledby="plan-name">
      <h2 id="plan-name">{plan.name}</h2>
      {plan.description && <p class="muted">{plan.description}</p>}
      <dl class="facts">
        <dt>Price</dt>
        <dd>
          {price(plan.price)} {plan.validity.type === 'recurring' ? `every ${period}` : `for ${period}`}
        </dd>
        <dt>Data</dt>
        <dd>{amount(plan.allowances.dataBytes, 'data')}</dd>
        <dt>Calls</dt>
        <dd>{amount(plan.allowances.voiceSeconds, 'voice')}</dd>
        <dt>Texts</dt>
        <dd>{amount(plan.allowances.smsMessages, 'sms')}</dd>
        <dt>Coverage</dt>
        <dd>{plan.coverage.name}</dd>
        {plan.status !== 'available' && (
          <>
            <dt>Status</dt>
            <dd>This plan is not available ({plan.status}).</dd>
          </>
        )}
      </dl>
    </section>
  );
}

export function SubscriptionSummary(props: { sub: Subscription }) {
  const { sub } = props;
  return (
    <section class="card" aria-label="Subscription">
      <dl class="facts">
        <dt>Plan</dt>
        <dd>{sub.plan.name}</dd>
        <dt>Status</dt>
        <dd>
          <span class="status" data-status={sub.status}>
            {sub.status}
          </span>
          {sub.canceledAt && !sub.endedAt ? ' (canceled)' : ''}
        </dd>
        <dt>Phone number</dt>
        <dd>{sub.phoneNumber ?? 'not yet assigned'}</dd>
        {sub.currentPeriod && (
          <>
            <dt>Current period</dt>
            <dd>
              {sub.currentPeriod.start.slice(0, 10)} to {sub.currentPeriod.end.slice(0, 10)}
            </dd>
          </>
        )}
        {sub.canceledAt && (
          <>
            <dt>Canceled</dt>
            <dd>{sub.canceledAt.slice(0, 10)}</dd>
          </>
        )}
        {sub.endedAt && (
          <>
            <dt>{Date.parse(sub.endedAt) > Date.parse(sub.canceledAt ?? sub.endedAt) ? 'Ends' : 'Ended'}</dt>
            <dd>{sub.endedAt.slice(0, 10)}</dd>
          </>
        )}
        <dt>Id</dt>
        <dd>
          <code>{sub.id}</code>
        </dd>
      </dl>
    </section>
  );
}

export function EsimInstall(props: { credentials: SimCredentials }) {
  const c = props.credentials;
  if (c.activationCode === null) return <p>This is a physical SIM: insert it to start.</p>;
  return (
    <section class="card" aria-labelledby="esim-title">
      <h2 id="esim-title">Install your eSIM</h2>
      {c.qrCodeUrl && <img class="qr" src={c.qrCodeUrl} alt="QR code of the eSIM activation code" width="192" height="192" />}
      <dl class="facts">
        <dt>Activation code</dt>
        <dd>
          <code id="activation-code">{c.activationCode}</code>
        </dd>
      </dl>
      <div class="actions">
        {c.iosInstallUrl && (
          <a class="button secondary" href={c.iosInstallUrl}>
            Install on iPhone
          </a>
        )}
        {c.androidInstallUrl && (
          <a class="button secondary" href={c.androidInstallUrl}>
            Install on Android
          </a>
        )}
      </div>
    </section>
  );
}

/** The end of every flow: what happened, and Continue back to the app (its callbackUrl). */
export function Done(props: { frame: Frame; title: string; callbackUrl: string | null; children?: Child }) {
  return (
    <ConnectPage frame={props.frame} title={props.title}>
      <div class="alert success" role="status">
        {props.title}
      </div>
      {props.children}
      <div class="actions">
        {props.callbackUrl ? (
          <a class="button" href={props.callbackUrl} id="continue">
            Continue
          </a>
        ) : (
          <p class="muted">You can close this window.</p>
        )}
      </div>
    </ConnectPage>
  );
}
