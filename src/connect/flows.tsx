import type { Addon } from '../schemas/addon.js';
import type { ServiceProvider } from '../schemas/porting.js';
import type { Subscription } from '../schemas/subscription.js';
import { UserReason } from '../schemas/subscription.js';
import type { CheckoutNeeds } from '../store/connect-flows.js';
import type { PlanRecord } from '../store/types.js';
import {
  AddressFields,
  CardFields,
  Carried,
  ConnectPage,
  ErrorSummary,
  Field,
  type FieldErrors,
  type Frame,
  PlanSummary,
  price,
  SubscriptionSummary,
  type Values,
} from './views.js';

/** What each page gets: the frame, where its form posts, the values typed and the errors found. */
export interface FormProps {
  frame: Frame;
  action: string;
  values: Values;
  errors: FieldErrors;
  message?: string | undefined;
}

const CHECKOUT_STEPS = ['Details', 'Payment', 'Done'];

/** The fields of checkout's first step, carried into the second as hidden inputs. */
export const CHECKOUT_DETAIL_FIELDS = [
  'sim',
  'fullName',
  'birthday',
  'address.line1',
  'address.line2',
  'address.city',
  'address.state',
  'address.postalCode',
  'address.country',
];

export function SignInPage(props: FormProps & { checkout: boolean }) {
  return (
    <ConnectPage frame={props.frame} title="Sign in">
      <ErrorSummary message={props.message} errors={props.errors} />
      <p>
        Simulated sign-in: enter the email of an existing user
        {props.checkout ? ', or a new one to create a user' : ''}. No code is sent.
      </p>
      <form method="post" action={props.action}>
        <Field
          name="email"
          label="Email"
          type="email"
          autocomplete="email"
          values={props.values}
          errors={props.errors}
          required
        />
        <div class="actions">
          <button type="submit">Continue</button>
        </div>
      </form>
    </ConnectPage>
  );
}

export function CheckoutDetailsPage(props: FormProps & { needs: CheckoutNeeds }) {
  const { needs, values, errors } = props;
  const choosing = needs.sim === null;
  const selected = values.sim ?? (needs.plan.simTypes.includes('eSIM') ? 'auto' : needs.pSims[0]);
  return (
    <ConnectPage frame={props.frame} title="Checkout" steps={CHECKOUT_STEPS} step={0}>
      <PlanSummary plan={needs.plan} />
      <ErrorSummary message={props.message} errors={errors} />
      <form method="post" action={props.action}>
        {choosing && (
          <fieldset>
            <legend>SIM</legend>
            {needs.plan.simTypes.includes('eSIM') && (
              <label>
                <input type="radio" name="sim" value="auto" checked={selected === 'auto'} /> A new eSIM (installed with a QR code)
              </label>
            )}
            {needs.pSims.map((id) => (
              <label>
                <input type="radio" name="sim" value={id} checked={selected === id} /> Physical SIM <code>{id}</code>
              </label>
            ))}
            {!needs.plan.simTypes.includes('eSIM') && needs.pSims.length === 0 && (
              <p class="field-error">No physical SIM of this provider is in stock.</p>
            )}
            {errors.sim && <p class="field-error">{errors.sim}</p>}
          </fieldset>
        )}
        {(needs.fullName || needs.birthday) && (
          <fieldset>
            <legend>About you</legend>
            {needs.fullName && <Field name="fullName" label="Full name" autocomplete="name" values={values} errors={errors} />}
            {needs.birthday && (
              <Field name="birthday" label="Birthday" type="date" autocomplete="bday" values={values} errors={errors} />
            )}
          </fieldset>
        )}
        {needs.address && <AddressFields prefix="address" legend="Your address" values={values} errors={errors} />}
        <div class="actions">
          <button type="submit">Continue to payment</button>
        </div>
      </form>
    </ConnectPage>
  );
}

export function CheckoutPaymentPage(props: FormProps & { plan: PlanRecord; back: string }) {
  return (
    <ConnectPage frame={props.frame} title="Payment" steps={CHECKOUT_STEPS} step={1}>
      <p>
        {props.plan.name}: <strong>{price(props.plan.price)}</strong>
      </p>
      <ErrorSummary message={props.message} errors={props.errors} />
      <form method="post" action={props.action}>
        <Carried values={props.values} names={CHECKOUT_DETAIL_FIELDS} />
        <CardFields values={props.values} errors={props.errors} />
        <div class="actions">
          <button type="submit">Pay {price(props.plan.price)}</button>
          <a class="button secondary" href={props.back}>
            Back
          </a>
        </div>
      </form>
    </ConnectPage>
  );
}

export function CancelPage(props: FormProps & { sub: Subscription; cancelable: boolean }) {
  return (
    <ConnectPage frame={props.frame} title="Your subscription">
      <SubscriptionSummary sub={props.sub} />
      <ErrorSummary message={props.message} errors={props.errors} />
      {props.cancelable ? (
        <form method="post" action={props.action}>
          <div class="field">
            <label for="f-userReason">Why are you canceling? (optional)</label>
            <select id="f-userReason" name="userReason">
              <option value="">Prefer not to say</option>
              {UserReason.options.map((reason) => (
                <option value={reason}>{reason}</option>
              ))}
            </select>
          </div>
          <div class="actions">
            <button type="submit" class="danger">
              Cancel subscription
            </button>
          </div>
        </form>
      ) : (
        <p class="muted">This subscription cannot be canceled (only a recurring subscription that has not ended can).</p>
      )}
    </ConnectPage>
  );
}

export function ResumePage(props: FormProps & { sub: Subscription; resumable: boolean }) {
  return (
    <ConnectPage frame={props.frame} title="Your subscription">
      <SubscriptionSummary sub={props.sub} />
      <ErrorSummary message={props.message} errors={props.errors} />
      {props.resumable ? (
        <form method="post" action={props.action}>
          <div class="actions">
            <button type="submit">Resume subscription</button>
          </div>
        </form>
      ) : (
        <p class="muted">Only a canceled recurring subscription that has not ended yet can be resumed.</p>
      )}
    </ConnectPage>
  );
}

export function ChangePage(props: FormProps & { sub: Subscription; plans: PlanRecord[] }) {
  return (
    <ConnectPage frame={props.frame} title="Change your plan">
      <SubscriptionSummary sub={props.sub} />
      <ErrorSummary message={props.message} errors={props.errors} />
      {props.plans.length === 0 ? (
        <p class="muted">There is no other plan to change to.</p>
      ) : (
        <form method="post" action={props.action}>
          <fieldset>
            <legend>New plan</legend>
            {props.plans.map((plan, i) => (
              <label>
                <input
                  type="radio"
                  name="plan"
                  value={plan.id}
                  checked={props.values.plan ? props.values.plan === plan.id : i === 0}
                />{' '}
                {plan.name}, {price(plan.price)}
              </label>
            ))}
          </fieldset>
          <div class="actions">
            <button type="submit">Change plan</button>
          </div>
        </form>
      )}
    </ConnectPage>
  );
}

export function AddonsPage(props: FormProps & { sub: Subscription; addons: Addon[] }) {
  const total = props.addons.reduce((sum, a) => sum + a.price.amount, 0);
  const currency = props.addons[0]?.price.currency ?? 'USD';
  return (
    <ConnectPage frame={props.frame} title="Add to your plan">
      <SubscriptionSummary sub={props.sub} />
      <ul>
        {props.addons.map((addon) => (
          <li>
            {addon.name}: {price(addon.price)}
          </li>
        ))}
      </ul>
      <ErrorSummary message={props.message} errors={props.errors} />
      <form method="post" action={props.action}>
        <CardFields values={props.values} errors={props.errors} />
        <div class="actions">
          <button type="submit">Pay {price({ amount: total, currency })}</button>
        </div>
      </form>
    </ConnectPage>
  );
}

const PORTING_LABELS: Record<string, string> = {
  accountNumber: 'Account number at your current carrier',
  accountPin: 'Account PIN',
  birthday: 'Birthday of the account holder',
  firstName: 'First name of the account holder',
  lastName: 'Last name of the account holder',
};

export function PortingPage(
  props: FormProps & { sub: Subscription; required: string[]; status: string; providers: ServiceProvider[] },
) {
  const { values, errors } = props;
  const needs = (field: string) => props.required.includes(field);
  return (
    <ConnectPage frame={props.frame} title="Bring your number">
      <p>
        Porting <strong>{props.sub.porting?.phoneNumber}</strong>: <span class="status">{props.status}</span>
      </p>
      {props.sub.porting?.declinedMessage && <div class="alert error">{props.sub.porting.declinedMessage}</div>}
      <ErrorSummary message={props.message} errors={errors} />
      {props.required.length === 0 ? (
        <p class="muted">Your current carrier needs nothing more from you.</p>
      ) : (
        <form method="post" action={props.action}>
          {['firstName', 'lastName', 'accountNumber'].filter(needs).map((field) => (
            <Field name={field} label={PORTING_LABELS[field] ?? field} values={values} errors={errors} />
          ))}
          {needs('accountPin') && <Field name="accountPin" label="Account PIN" type="password" values={values} errors={errors} />}
          {needs('birthday') && (
            <Field name="birthday" label={PORTING_LABELS.birthday ?? 'Birthday'} type="date" values={values} errors={errors} />
          )}
          {needs('donorProvider') && (
            <div class="field">
              <label for="f-donorProvider">Current carrier</label>
              <select id="f-donorProvider" name="donorProvider">
                {props.providers.map((p) => (
                  <option value={p.id} selected={values.donorProvider === p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {needs('address') && <AddressFields prefix="address" legend="Address on the account" values={values} errors={errors} />}
          {needs('donorProviderApproval') && (
            <fieldset>
              <legend>Approval</legend>
              <label>
                <input
                  type="checkbox"
                  name="donorProviderApproval"
                  value="true"
                  checked={values.donorProviderApproval === 'true'}
                />{' '}
                I approved the transfer with my current carrier
              </label>
            </fieldset>
          )}
          <div class="actions">
            <button type="submit">Submit</button>
          </div>
        </form>
      )}
    </ConnectPage>
  );
}

export function SimpleFormPage(props: FormProps & { title: string; kind: 'address' | 'fullName' | 'card' }) {
  return (
    <ConnectPage frame={props.frame} title={props.title}>
      <ErrorSummary message={props.message} errors={props.errors} />
      <form method="post" action={props.action}>
        {props.kind === 'address' && (
          <AddressFields prefix="address" legend="New address" values={props.values} errors={props.errors} />
        )}
        {props.kind === 'fullName' && (
          <Field name="fullName" label="Full name" autocomplete="name" values={props.values} errors={props.errors} />
        )}
        {props.kind === 'card' && <CardFields values={props.values} errors={props.errors} />}
        <div class="actions">
          <button type="submit">Save</button>
        </div>
      </form>
    </ConnectPage>
  );
}
