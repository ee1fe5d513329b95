import type { Simulator } from '../simulator.js';
import type { ConnectSessionRecord } from '../store/types.js';
import { Done, EsimInstall, type Frame, SubscriptionSummary } from './views.js';

const TITLES: Record<string, string> = {
  checkoutNewSubscription: 'Your subscription is on its way',
  checkoutAddon: 'Added to your plan',
  cancelSubscription: 'Your subscription is canceled',
  resumeSubscription: 'Your subscription is resumed',
  changeSubscription: 'Your plan change is requested',
  completePorting: 'Your number details are sent',
  viewEsimInstallation: 'Your eSIM',
  viewSubscription: 'Your subscription',
  viewSubscriptions: 'Your subscriptions',
  updateUserAddress: 'Your address is saved',
  updateUserFullName: 'Your name is saved',
  updatePaymentMethod: 'Your payment method is saved',
};

/** The success page of a session's flow: what it did, read from the state now, and Continue. */
export function DonePage(props: { sim: Simulator; frame: Frame; project: string; session: ConnectSessionRecord }) {
  const { sim, project, session } = props;
  const store = sim.store;
  const type = session.intent.type;
  const subscriptionId =
    type === 'checkoutNewSubscription'
      ? session.result
      : (session.intent[type] as { subscription?: string } | undefined)?.subscription;
  const sub = subscriptionId ? store.subscriptions.get(project, subscriptionId) : undefined;
  const esim = sub?.sim && sub.sim.type === 'eSIM' ? store.sims.credentials(project, sub.sim.id) : undefined;
  const body = () => {
    switch (type) {
      case 'checkoutNewSubscription':
        return (
          <>
            {sub && <SubscriptionSummary sub={sub} />}
            {sub && !sub.sim && (
              <p id="esim-pending">
                Your eSIM is being prepared: it appears here once the subscription activates (reload in a moment).
              </p>
            )}
            {esim && <EsimInstall credentials={esim} />}
          </>
        );
      case 'viewEsimInstallation':
        return esim ? <EsimInstall credentials={esim} /> : <p>This subscription has no eSIM.</p>;
      case 'changeSubscription': {
        const change = session.result ? store.subscriptionChanges.get(project, session.result) : undefined;
        return (
          <>
            {sub && <SubscriptionSummary sub={sub} />}
            {change && (
              <p>
                New plan: {change.plan?.name ?? change.requestedChange.plan}, status <span class="status">{change.status}</span>
                {change.scheduledAt ? `, from ${change.scheduledAt.slice(0, 10)}` : ''}.
              </p>
            )}
          </>
        );
      }
      case 'completePorting':
        return (
          <p>
            Porting of {sub?.porting?.phoneNumber}: <span class="status">{sub?.porting?.status}</span>
          </p>
        );
      case 'viewSubscriptions': {
        const user = session.user;
        const subs = user ? store.subscriptions.list(project, { limit: 100 }, { user: [user] }).items : [];
        return subs.length === 0 ? <p>You have no subscriptions yet.</p> : subs.map((s) => <SubscriptionSummary sub={s} />);
      }
      default:
        return sub ? <SubscriptionSummary sub={sub} /> : null;
    }
  };
  return (
    <Done frame={props.frame} title={TITLES[type] ?? 'Done'} callbackUrl={session.callbackUrl}>
      {body()}
    </Done>
  );
}
