import type { Child } from 'hono/jsx';
import type { UserAddress } from '../../schemas/address.js';
import type { Device } from '../../schemas/device.js';
import type { Porting } from '../../schemas/porting.js';
import type { SimCredentials } from '../../schemas/sim.js';
import type { Subscription } from '../../schemas/subscription.js';
import type { SubscriptionAddon } from '../../schemas/subscription-addon.js';
import type { User } from '../../schemas/user.js';
import { Action, Json, Status } from './common.js';

/** What a user's page knows; each section renders a part of it. */
export interface UserView {
  project: string;
  user: User;
  /** This page's URL, where actions come back to. */
  back: string;
  addresses: UserAddress[];
  subscriptions: Subscription[];
  credentials: Map<string, SimCredentials>;
  portings: Porting[];
  devices: Device[];
  addons: SubscriptionAddon[];
  /** The user's Connect Sessions, as the inspector shows them (never their url or tokens). */
  connectSessions: { id: string; intent: string; createdAt: string; state: string }[];
}

/**
 * One section of a user's page. A resource the simulator learns later (connect sessions) is one
 * more entry in USER_SECTIONS, with what it needs added to UserView.
 */
export interface UserSection {
  id: string;
  title: string;
  render(view: UserView): Child;
}

const Empty = (props: { what: string }) => <p class="muted">No {props.what}.</p>;

const addresses: UserSection = {
  id: 'addresses',
  title: 'Addresses',
  render: (v) =>
    v.addresses.length === 0 ? (
      <Empty what="addresses" />
    ) : (
      <ul>
        {v.addresses.map((a) => (
          <li>
            <code>{a.id}</code> {[a.line1, a.line2, a.city, a.state, a.postalCode, a.country].filter(Boolean).join(', ')}
          </li>
        ))}
      </ul>
    ),
};

function SubscriptionActions(props: { v: UserView; s: Subscription }) {
  const { v, s } = props;
  const fields = { project: v.project, subscription: s.id };
  return (
    <div class="actions">
      {s.status === 'pending' ? <Action name="activate" back={v.back} label="Activate" fields={fields} /> : null}
      {s.status === 'active' && s.canceledAt === null ? (
        <Action name="cancel" back={v.back} label="Cancel at period end" fields={fields} kind="secondary" />
      ) : null}
      {s.status === 'active' && s.canceledAt !== null ? (
        <Action name="resume" back={v.back} label="Resume" fields={fields} kind="secondary" />
      ) : null}
      {s.status !== 'ended' ? (
        <Action name="end" back={v.back} label="End now" fields={fields} kind="danger" confirm="End this subscription now?" />
      ) : null}
      {s.status === 'active' ? (
        <Action name="usage" back={v.back} label="Inject usage" fields={fields} kind="secondary">
          <label class="inline">
            data (MB) <input name="dataMb" inputmode="numeric" size={6} value="100" />
          </label>
          <label class="inline">
            voice (min) <input name="voiceMin" inputmode="numeric" size={4} value="0" />
          </label>
          <label class="inline">
            SMS <input name="sms" inputmode="numeric" size={4} value="0" />
          </label>
        </Action>
      ) : null}
    </div>
  );
}

const subscriptions: UserSection = {
  id: 'subscriptions',
  title: 'Subscriptions',
  render: (v) =>
    v.subscriptions.length === 0 ? (
      <Empty what="subscriptions" />
    ) : (
      v.subscriptions.map((s) => (
        <article class="card" id={`subscription-${s.id}`} data-subscription={s.id}>
          <h3>
            <code>{s.id}</code> <Status value={s.status} />
          </h3>
          <dl class="facts">
            <dt>Plan</dt>
            <dd>
              {s.plan.name} <code>{s.plan.id}</code>
            </dd>
            <dt>Phone number</dt>
            <dd>{s.phoneNumber ?? '—'}</dd>
            <dt>Current period</dt>
            <dd>{s.currentPeriod ? `#${s.currentPeriod.number}: ${s.currentPeriod.start} → ${s.currentPeriod.end}` : '—'}</dd>
            <dt>Created</dt>
            <dd>{s.createdAt}</dd>
            {s.activatedAt ? (
              <>
                <dt>Activated</dt>
                <dd>{s.activatedAt}</dd>
              </>
            ) : null}
            {s.canceledAt ? (
              <>
                <dt>Canceled</dt>
                <dd>{s.canceledAt}</dd>
              </>
            ) : null}
            {s.endedAt ? (
              <>
                <dt>Ends</dt>
                <dd>{s.endedAt}</dd>
              </>
            ) : null}
          </dl>
          <SubscriptionActions v={v} s={s} />
          <details id={`subscription-json-${s.id}`}>
            <summary>JSON</summary>
            <Json value={s} />
          </details>
        </article>
      ))
    ),
};

const sims: UserSection = {
  id: 'sims',
  title: 'SIMs',
  render: (v) => {
    const list = v.subscriptions.flatMap((s) => (s.sim ? [s.sim] : []));
    if (list.length === 0) return <Empty what="SIMs yet (an eSIM comes with activation)" />;
    return list.map((sim) => {
      const credentials = v.credentials.get(sim.id);
      // The same PNG the API's credentials link to, by path, so it loads from whatever host serves this page.
      const qr = credentials?.qrCodeUrl ? new URL(credentials.qrCodeUrl).pathname : undefined;
      return (
        <article class="card sim-card" id={`sim-${sim.id}`}>
          <div>
            <h3>
              <code>{sim.id}</code> <Status value={sim.status} />
            </h3>
            <dl class="facts">
              <dt>Type</dt>
              <dd>{sim.type}</dd>
              <dt>ICCID</dt>
              <dd>
                <code>{sim.iccid}</code>
              </dd>
              <dt>Provider</dt>
              <dd>{sim.provider}</dd>
              {credentials?.activationCode ? (
                <>
                  <dt>Activation code</dt>
                  <dd>
                    <code>{credentials.activationCode}</code>
                  </dd>
                </>
              ) : null}
            </dl>
          </div>
          {qr ? <img class="qr" src={qr} alt={`QR code to install the eSIM ${sim.iccid}`} width={192} height={192} /> : null}
        </article>
      );
    });
  },
};

const portings: UserSection = {
  id: 'portings',
  title: 'Portings',
  render: (v) =>
    v.portings.length === 0 ? (
      <Empty what="portings" />
    ) : (
      <table>
        <thead>
          <tr>
            <th>Porting</th>
            <th>Number</th>
            <th>Status</th>
            <th>Subscription</th>
            <th>Donor</th>
          </tr>
        </thead>
        <tbody>
          {v.portings.map((p) => (
            <tr>
              <td>
                <code>{p.id}</code>
              </td>
              <td>{p.phoneNumber}</td>
              <td>
                <Status value={p.status} />
                {p.declinedCode ? <div class="muted">{p.declinedCode}</div> : null}
              </td>
              <td>{p.subscription ? <code>{p.subscription}</code> : '—'}</td>
              <td>
                {['pending', 'requested', 'informationRequired'].includes(p.status) ? (
                  <div class="actions">
                    <Action
                      name="completePorting"
                      back={v.back}
                      label="Complete"
                      fields={{ project: v.project, porting: p.id }}
                    />
                    <Action
                      name="declinePorting"
                      back={v.back}
                      label="Decline"
                      kind="secondary"
                      fields={{ project: v.project, porting: p.id, code: 'portingDeclined' }}
                    />
                  </div>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    ),
};

const devices: UserSection = {
  id: 'devices',
  title: 'Devices',
  render: (v) =>
    v.devices.length === 0 ? (
      <Empty what="devices" />
    ) : (
      <ul>
        {v.devices.map((d) => (
          <li>
            <code>{d.id}</code> {d.name ?? 'unnamed'} {d.imei ? <span class="muted">IMEI {d.imei}</span> : null}
          </li>
        ))}
      </ul>
    ),
};

const addons: UserSection = {
  id: 'addons',
  title: 'Subscription add-ons',
  render: (v) =>
    v.addons.length === 0 ? (
      <Empty what="add-ons" />
    ) : (
      <ul>
        {v.addons.map((a) => (
          <li>
            <code>{a.id}</code> {a.addon.name} <Status value={a.status} /> <span class="muted">on {a.subscription}</span>
          </li>
        ))}
      </ul>
    ),
};

const connectSessions: UserSection = {
  id: 'connect-sessions',
  title: 'Connect Sessions',
  render: (v) =>
    v.connectSessions.length === 0 ? (
      <Empty what="Connect Sessions" />
    ) : (
      <ul>
        {v.connectSessions.map((s) => (
          <li>
            <code>{s.id}</code> {s.intent} <Status value={s.state} /> <span class="muted">made {s.createdAt}</span>
          </li>
        ))}
      </ul>
    ),
};

export const USER_SECTIONS: UserSection[] = [subscriptions, sims, addresses, portings, devices, addons, connectSessions];
