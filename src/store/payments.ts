import { luhnValid } from '../engine/random.js';
import { DomainError, type PropertyDetail } from './errors.js';

/**
 * The simulated Connect's fake payment (nothing is charged, nothing is stored). Test card numbers
 * follow the habit of payment providers' test modes: one succeeds, each of the others fails with one
 * of Gigs' payment error codes (reference §3: `paymentCard*`, `paymentFailed`). Any other number that
 * passes the Luhn check is declined, so a real card typed by mistake never "works".
 */
export const TEST_CARDS: readonly { number: string; outcome: 'succeeds' | PaymentCode; label: string }[] = [
  { number: '4242424242424242', outcome: 'succeeds', label: 'succeeds' },
  { number: '4000000000000002', outcome: 'paymentCardDeclined', label: 'declined' },
  { number: '4000000000009995', outcome: 'paymentCardInsufficientFunds', label: 'insufficient funds' },
  { number: '4000000000000069', outcome: 'paymentCardExpired', label: 'expired card' },
  { number: '4000000000000127', outcome: 'paymentCardCvcInvalid', label: 'incorrect CVC' },
  { number: '4000000000000119', outcome: 'paymentFailed', label: 'processing error' },
  { number: '3530111333300000', outcome: 'paymentCardNotSupported', label: 'card brand not supported' },
];

export type PaymentCode =
  | 'paymentCardDeclined'
  | 'paymentCardInsufficientFunds'
  | 'paymentCardExpired'
  | 'paymentCardCvcInvalid'
  | 'paymentFailed'
  | 'paymentCardNotSupported'
  | 'paymentCardNumberInvalid';

const PAYMENT_MESSAGES: Record<PaymentCode, string> = {
  paymentCardDeclined: 'The card was declined.',
  paymentCardInsufficientFunds: 'The card has insufficient funds.',
  paymentCardExpired: 'The card has expired.',
  paymentCardCvcInvalid: 'The card\u2019s security code is incorrect.',
  paymentFailed: 'The payment could not be processed. Try again.',
  paymentCardNotSupported: 'This card brand is not supported.',
  paymentCardNumberInvalid: 'The card number is not valid.',
};

export interface CardInput {
  number: string;
  /** MM/YY or MM/YYYY. */
  expiry: string;
  cvc: string;
}

/** The card form's own checks: one detail per bad field (the page shows each beside its field). */
export function checkCardFields(card: CardInput, now: number): PropertyDetail[] {
  const details: PropertyDetail[] = [];
  const bad = (property: string, message: string) => details.push({ property, message, code: 'propertyInvalid' });
  const digits = card.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) bad('card.number', PAYMENT_MESSAGES.paymentCardNumberInvalid);
  const expiry = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(card.expiry.trim());
  const month = expiry ? Number(expiry[1]) : 0;
  if (!expiry || month < 1 || month > 12) bad('card.expiry', 'Enter the expiry date as MM/YY.');
  else {
    const year = Number(expiry[2]) < 100 ? 2000 + Number(expiry[2]) : Number(expiry[2]);
    // A card works to the end of its expiry month, on the simulated clock.
    if (Date.UTC(year, month, 1) <= now) bad('card.expiry', PAYMENT_MESSAGES.paymentCardExpired);
  }
  if (!/^\d{3,4}$/.test(card.cvc.trim())) bad('card.cvc', 'Enter the 3 or 4 digit security code.');
  return details;
}

/** Charges a test card: returns on success, throws the payment's Gigs error code otherwise. */
export function chargeTestCard(card: CardInput): void {
  const digits = card.number.replace(/[\s-]/g, '');
  const test = TEST_CARDS.find((c) => c.number === digits);
  if (test?.outcome === 'succeeds') return;
  const code: PaymentCode = test === undefined ? 'paymentCardDeclined' : test.outcome;
  const message =
    test === undefined
      ? `${PAYMENT_MESSAGES.paymentCardDeclined} This is not a test card: ${TEST_CARDS[0]?.number} succeeds.`
      : PAYMENT_MESSAGES[code];
  throw new DomainError('invalid', message, { code, details: [{ property: 'card.number', message, code: 'propertyInvalid' }] });
}
