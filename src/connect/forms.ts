import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../http/router.js';
import { issuesToDetails } from '../http/router.js';
import { answerError } from '../http/tracking.js';
import { EmbedsAuthBody } from '../schemas/connect-session.js';
import type { Simulator } from '../simulator.js';
import type { AddressFields as Address } from '../store/address-rules.js';
import { ConnectMessages } from '../store/connect-rules.js';
import { DomainError, Messages } from '../store/errors.js';
import type { FieldErrors, Values } from './views.js';

/** What the Connect pages read from a form post, and the embeds' token exchange (no pages). */

/** Form posts are small: a few fields. */
export const MAX_FORM_BYTES = 16 * 1024;
const MAX_FIELD = 1_000;

export async function formValues(c: Context<AppEnv>): Promise<Values> {
  const params = new URLSearchParams(await c.req.text());
  const values: Values = {};
  for (const [key, value] of params) if (key.length <= 64) values[key] = value.slice(0, MAX_FIELD);
  return values;
}

export function addressOf(values: Values, prefix = 'address'): Address {
  const v = (name: string) => (values[`${prefix}.${name}`] ?? '').trim();
  return {
    line1: v('line1'),
    line2: v('line2') || null,
    city: v('city'),
    state: v('state') || null,
    postalCode: v('postalCode') || null,
    country: v('country').toUpperCase(),
  };
}

export const cardOf = (values: Values) => ({
  number: values['card.number'] ?? '',
  expiry: values['card.expiry'] ?? '',
  cvc: values['card.cvc'] ?? '',
});

/** A domain error on a form: its message on top, each detail beside its field. */
export function formErrors(err: DomainError): { message: string; errors: FieldErrors } {
  const errors: FieldErrors = {};
  for (const d of err.details ?? []) errors[d.property] ??= d.message;
  return { message: err.message, errors };
}

/**
 * The embeds' exchange of a session's url token for a user token (gigs/embeds-js lib/core/token.ts):
 * `{"secret"}` -> `{"token": {"access_token"}}`; 422 for a token that is unknown, used or expired.
 */
export function embedsAuth(sim: Simulator) {
  return [
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: (c) => answerError(c as Context<AppEnv>, sim, new DomainError('tooLarge', Messages.bodyTooLarge)),
    }),
    async (c: Context<AppEnv>) => {
      try {
        if (!/^application\/([a-z-.]+\+)?json\s*(;|$)/i.test(c.req.header('content-type') ?? ''))
          throw new DomainError('unsupportedMediaType', Messages.unsupportedMediaType);
        let body: unknown;
        try {
          body = JSON.parse(await c.req.text());
        } catch {
          throw new DomainError('malformed', Messages.malformedJson);
        }
        const parsed = EmbedsAuthBody.safeParse(body);
        if (!parsed.success) {
          const details = issuesToDetails(parsed.error.issues, body);
          throw new DomainError('invalid', details[0]?.message ?? Messages.validation, { details });
        }
        const { token } = sim.store.connectSessions.exchange(parsed.data.secret);
        return c.json({ token: { access_token: token } }, 200);
      } catch (err) {
        return answerError(c, sim, err);
      }
    },
  ] as const;
}

/** Whether a request's Origin is the site it was sent to (its Host). */
export function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** A refusal the user can fix on the same page (not a dead link, not a finished session). */
export function isFormError(err: unknown): err is DomainError {
  return (
    err instanceof DomainError &&
    (err.kind === 'invalid' || err.kind === 'conflict') &&
    !err.code?.startsWith('connectSession') &&
    err.message !== ConnectMessages.sessionCompleted
  );
}
