import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../http/router.js';
import { issuesToDetails } from '../http/router.js';
import { UpdatePortingBody } from '../schemas/porting.js';
import type { Simulator } from '../simulator.js';
import { ConnectMessages } from '../store/connect-rules.js';
import { DomainError, Messages } from '../store/errors.js';
import { listServiceProviders } from '../store/service-providers.js';
import type { ConnectSessionRecord } from '../store/types.js';
import { htmlResponse, stylesheetResponse } from '../web/page.js';
import { DonePage } from './done.js';
import {
  AddonsPage,
  CancelPage,
  ChangePage,
  CheckoutDetailsPage,
  CheckoutPaymentPage,
  type FormProps,
  PortingPage,
  ResumePage,
  SignInPage,
  SimpleFormPage,
} from './flows.js';
import { addressOf, cardOf, embedsAuth, formErrors, formValues, isFormError, MAX_FORM_BYTES, sameOrigin } from './forms.js';
import { ErrorPage, type FieldErrors, type Frame, type Values } from './views.js';

type Found = { project: string; session: ConnectSessionRecord };

const cookieName = (session: string) => `gmc_${session}`;

/**
 * The simulated Connect (Gigs' hosted pages at connect.gigs.com), served under `base`: a session's
 * url opens its flow, one per intent, each ending on a page whose Continue goes to the session's
 * callbackUrl; and the embeds' token exchange. Pages are HTML rendered on the server, forms post
 * back (no script); all they do goes through the store's Connect flows (src/store/connect-flows.ts).
 */
export function connectRouter(sim: Simulator, base: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const store = sim.store;
  const frameOf = (session?: ConnectSessionRecord): Frame => ({ base, theme: session?.appearance.theme });
  const page = (s: string) => `${base}/s/${s}`;

  const errorPage = (c: Context<AppEnv>, err: unknown, session?: ConnectSessionRecord) => {
    if (!(err instanceof DomainError)) {
      // A bug of the simulator: said where it can be seen, and a 500, never a client error.
      sim.reportError(err, `${c.req.method} ${c.req.path}`);
      return htmlResponse(
        c,
        <ErrorPage frame={frameOf(session)} title="Something went wrong" message="The simulator could not show this page." />,
        500,
      );
    }
    const status =
      err.code === 'connectSessionNotFound' || err.kind === 'notFound'
        ? 404
        : err.code?.startsWith('connectSession')
          ? 410
          : err.kind === 'permissionDenied'
            ? 403
            : err.kind === 'unauthenticated'
              ? 401
              : 400;
    return htmlResponse(c, <ErrorPage frame={frameOf(session)} title="This link does not work" message={err.message} />, status);
  };

  /** The session a browser holds a cookie for (set when it opened the session's url). */
  const browserSession = (c: Context<AppEnv>): Found => {
    const id = c.req.param('session') ?? '';
    const token = getCookie(c, cookieName(id));
    const principal = token === undefined ? undefined : store.connectSessions.principal(token, 'browser');
    if (principal === undefined || principal.session !== id)
      throw new DomainError('permissionDenied', ConnectMessages.browserSessionMissing);
    return store.connectSessions.find(id);
  };

  const grantBrowser = (c: Context<AppEnv>, found: Found) => {
    // A cookie for this browser's visit: no Expires, since the simulated clock is not the browser's;
    // the grant behind it expires on the simulated clock (--user-token-ttl).
    const { token } = store.connectSessions.grant(found.project, found.session.id, 'browser');
    setCookie(c, cookieName(found.session.id), token, {
      path: base || '/',
      httpOnly: true,
      sameSite: 'Lax',
    });
    return c.redirect(page(found.session.id), 303);
  };

  app.get('/style.css', (c) => stylesheetResponse(c));

  app.post('/api/embeds/auth', ...embedsAuth(sim));

  // A session's url: the token opens the session once, this browser gets a cookie for it.
  const entry = (c: Context<AppEnv>) => {
    try {
      const session = c.req.query('session');
      const token = c.req.query('token');
      if (token) return grantBrowser(c, store.connectSessions.redeem(token, session));
      if (!session) throw new DomainError('invalid', ConnectMessages.sessionUnknown, { code: 'connectSessionNotFound' });
      const found = store.connectSessions.openUnauthenticated(session);
      return htmlResponse(
        c,
        <SignInPage {...form(found, 'sign-in')} checkout={found.session.intent.type.startsWith('checkout')} />,
      );
    } catch (err) {
      return errorPage(c, err);
    }
  };
  app.get('/entry', entry);
  app.get('/checkout/entry', entry);

  const form = (found: Found, action: string, values: Values = {}, errors: FieldErrors = {}, message?: string): FormProps => ({
    frame: frameOf(found.session),
    action: `${page(found.session.id)}/${action}`,
    values,
    errors,
    message,
  });

  // A form post from another site (or another localhost port: SameSite does not tell ports apart)
  // never acts on a browser's session.
  app.use('/s/:session/*', async (c, next) => {
    const origin = c.req.header('origin');
    if (c.req.method === 'POST' && origin !== undefined && !sameOrigin(origin, c.req.header('host'))) {
      return htmlResponse(c, <ErrorPage frame={{ base }} title="Refused" message="This form was sent from another site." />, 403);
    }
    await next();
  });
  app.use(
    '/s/:session/*',
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: (c) => htmlResponse(c, <ErrorPage frame={{ base }} title="Too much" message={Messages.bodyTooLarge} />, 400),
    }),
  );

  app.post('/s/:session/sign-in', async (c) => {
    const values = await formValues(c);
    const id = c.req.param('session');
    let found: Found | undefined;
    try {
      found = store.connectSessions.openUnauthenticated(id);
      store.connectSessions.signIn(found.project, id, values.email ?? '');
      return grantBrowser(c, store.connectSessions.find(id));
    } catch (err) {
      // No such account, or not an email: the same page again, with the message by the field.
      if (
        found &&
        err instanceof DomainError &&
        (err.kind === 'notFound' || (err.kind === 'invalid' && err.code === undefined))
      ) {
        const { message } = formErrors(err);
        const checkout = found.session.intent.type.startsWith('checkout');
        return htmlResponse(c, <SignInPage {...form(found, 'sign-in', values, { email: message })} checkout={checkout} />, 422);
      }
      return errorPage(c, err, found?.session);
    }
  });

  /** The first page of a session's flow (or its success page, once done). */
  app.get('/s/:session', (c) => {
    let found: Found | undefined;
    try {
      found = browserSession(c);
      if (found.session.completedAt !== null) return c.redirect(`${page(found.session.id)}/done`, 303);
      return htmlResponse(c, landing(found, {}, {}));
    } catch (err) {
      return errorPage(c, err, found?.session);
    }
  });

  const landing = (found: Found, values: Values, errors: FieldErrors, message?: string) => {
    const { project, session } = found;
    const f = (action: string) => form(found, action, values, errors, message);
    switch (session.intent.type) {
      case 'checkoutNewSubscription':
        return <CheckoutDetailsPage {...f('checkout/details')} needs={store.connect.checkoutNeeds(project, session)} />;
      case 'checkoutAddon': {
        const sub = store.subscriptions.get(project, store.connect.subscriptionOf(project, session).id);
        const addons = (session.intent.checkoutAddon?.addons ?? []).map((id) => store.addons.get(id));
        return <AddonsPage {...f('addons')} sub={sub} addons={addons} />;
      }
      case 'cancelSubscription': {
        const record = store.connect.subscriptionOf(project, session);
        const plan = store.plans.record(project, record.plan);
        const cancelable = plan.validity.type === 'recurring' && record.endedAt === null && record.canceledAt === null;
        return <CancelPage {...f('cancel')} sub={store.subscriptions.get(project, record.id)} cancelable={cancelable} />;
      }
      case 'resumeSubscription': {
        const record = store.connect.subscriptionOf(project, session);
        const plan = store.plans.record(project, record.plan);
        const resumable = plan.validity.type === 'recurring' && record.canceledAt !== null && record.status !== 'ended';
        return <ResumePage {...f('resume')} sub={store.subscriptions.get(project, record.id)} resumable={resumable} />;
      }
      case 'changeSubscription': {
        const record = store.connect.subscriptionOf(project, session);
        return (
          <ChangePage
            {...f('change')}
            sub={store.subscriptions.get(project, record.id)}
            plans={store.connect.changeOptions(project, session)}
          />
        );
      }
      case 'completePorting': {
        const sub = store.subscriptions.get(project, store.connect.subscriptionOf(project, session).id);
        const porting = sub.porting;
        const required = porting && ['informationRequired', 'declined', 'draft'].includes(porting.status) ? porting.required : [];
        const providers = listServiceProviders({ limit: 200 }, porting ? { recipientProvider: [porting.provider] } : {}).items;
        return (
          <PortingPage {...f('porting')} sub={sub} required={required} status={porting?.status ?? 'none'} providers={providers} />
        );
      }
      case 'updateUserAddress':
        return <SimpleFormPage {...f('address')} title="Update your address" kind="address" />;
      case 'updateUserFullName':
        return <SimpleFormPage {...f('name')} title="Update your name" kind="fullName" />;
      case 'updatePaymentMethod':
        return <SimpleFormPage {...f('payment-method')} title="Update your payment method" kind="card" />;
      default:
        // The view intents have nothing to press: their page is the success page.
        store.connect.viewed(project, session);
        return (
          <DonePage
            sim={sim}
            frame={frameOf(session)}
            project={project}
            session={store.connectSessions.record(project, session.id)}
          />
        );
    }
  };

  /** One flow action: run it, then the success page; a refused one shows its page again with the errors. */
  const action = (name: string, run: (found: Found, values: Values) => void) =>
    app.post(`/s/:session/${name}`, async (c) => {
      let found: Found | undefined;
      const values = await formValues(c);
      try {
        found = browserSession(c);
        run(found, values);
        return c.redirect(`${page(found.session.id)}/done`, 303);
      } catch (err) {
        if (found && isFormError(err)) {
          const { message, errors } = formErrors(err);
          // Secrets are never typed into a page twice by the server.
          const safe = { ...values, accountPin: '', 'card.cvc': '' };
          // A refused payment shows the payment step again, with the details carried.
          if (name === 'checkout/pay') {
            const plan = store.connect.checkoutNeeds(found.project, found.session).plan;
            return htmlResponse(
              c,
              <CheckoutPaymentPage
                {...form(found, 'checkout/pay', safe, errors, message)}
                plan={plan}
                back={page(found.session.id)}
              />,
              422,
            );
          }
          return htmlResponse(c, landing(found, safe, errors, message), 422);
        }
        return errorPage(c, err, found?.session);
      }
    });

  // Checkout's first step only checks; the second (payment) carries its values and buys.
  app.post('/s/:session/checkout/details', async (c) => {
    let found: Found | undefined;
    const values = await formValues(c);
    try {
      found = browserSession(c);
      const needs = store.connect.checkCheckoutDetails(found.project, found.session, detailsOf(values));
      return htmlResponse(
        c,
        <CheckoutPaymentPage {...form(found, 'checkout/pay', values)} plan={needs.plan} back={page(found.session.id)} />,
      );
    } catch (err) {
      if (found && isFormError(err)) {
        const { message, errors } = formErrors(err);
        return htmlResponse(c, landing(found, values, errors, message), 422);
      }
      return errorPage(c, err, found?.session);
    }
  });
  const detailsOf = (values: Values) => ({
    sim: values.sim ?? 'auto',
    fullName: values.fullName,
    birthday: values.birthday,
    address: values['address.line1'] !== undefined ? addressOf(values) : undefined,
  });
  action('checkout/pay', ({ project, session }, values) => {
    store.connect.checkout(project, session, { ...detailsOf(values), card: cardOf(values) });
  });
  action('addons', ({ project, session }, values) => void store.connect.checkoutAddons(project, session, cardOf(values)));
  action('cancel', ({ project, session }, values) => {
    const reason = values.userReason as Parameters<typeof store.connect.cancel>[2] | '';
    store.connect.cancel(project, session, reason ? reason : undefined);
  });
  action('resume', ({ project, session }) => void store.connect.resume(project, session));
  action('change', ({ project, session }, values) => void store.connect.changePlan(project, session, values.plan ?? ''));
  action('porting', ({ project, session }, values) => {
    const input: Record<string, unknown> = {};
    for (const field of ['accountNumber', 'accountPin', 'birthday', 'donorProvider', 'firstName', 'lastName']) {
      if (values[field] !== undefined && values[field] !== '') input[field] = values[field];
    }
    if (values['address.line1'] !== undefined) input.address = addressOf(values);
    if (values.donorProviderApproval !== undefined) input.donorProviderApproval = values.donorProviderApproval === 'true';
    const parsed = UpdatePortingBody.safeParse(input);
    if (!parsed.success) {
      const details = issuesToDetails(parsed.error.issues, input);
      throw new DomainError(
        'invalid',
        details.length === 1 ? (details[0]?.message ?? Messages.validation) : Messages.validation,
        { details },
      );
    }
    store.connect.completePorting(project, session, parsed.data);
  });
  action('address', ({ project, session }, values) => void store.connect.updateAddress(project, session, addressOf(values)));
  action('name', ({ project, session }, values) => store.connect.updateFullName(project, session, values.fullName ?? ''));
  action('payment-method', ({ project, session }, values) => store.connect.updatePaymentMethod(project, session, cardOf(values)));

  app.get('/s/:session/done', (c) => {
    let found: Found | undefined;
    try {
      found = browserSession(c);
      if (found.session.completedAt === null) return c.redirect(page(found.session.id), 303);
      return htmlResponse(
        c,
        <DonePage sim={sim} frame={frameOf(found.session)} project={found.project} session={found.session} />,
      );
    } catch (err) {
      return errorPage(c, err, found?.session);
    }
  });

  app.notFound((c) =>
    htmlResponse(
      c,
      <ErrorPage frame={{ base }} title="Not found" message="There is no such page in the simulated Connect." />,
      404,
    ),
  );
  app.onError((err, c) => errorPage(c, err));
  return app;
}
