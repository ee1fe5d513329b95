/**
 * Known differences between gigs-mock and the Gigs API, each with its reason. The contract report
 * lists them, so a difference the suite finds can be told apart from one we already know of.
 */
export interface Divergence {
  id: string;
  endpoint: string;
  description: string;
  reason: string;
}

export const divergences: Divergence[] = [
  {
    id: 'subscription-action-paths',
    endpoint: 'POST /projects/{project}/subscriptions/{subscription}/cancel|resume|end',
    description: 'gigs-mock serves cancel, resume and end as POST sub-resources.',
    reason:
      'The Gigs API reference readable to us does not show these paths; the behaviour is documented, the paths are inferred.',
  },
  {
    id: 'business-rule-status',
    endpoint: 'POST /projects/{project}/users, /addresses, /subscriptions',
    description:
      'userAlreadyExists, userAddressAlreadyExists and simAlreadyUsed answer 422 (invalid) by default; --conflict-status 409 answers 409 with type conflict.',
    reason:
      "Gigs documents the codes but not their status; 422 follows the one documented coded error. A 409 carries conflict, the type Gigs' SDK names for it.",
  },
  {
    id: 'activation-timing',
    endpoint: 'POST /projects/{project}/subscriptions',
    description:
      'Subscriptions on creation-triggered plans activate after a fixed delay (default 5s); usageStarted plans wait for simulated usage.',
    reason: 'There is no network provider in a simulator; usage comes from the testing endpoint or the control plane.',
  },
  {
    id: 'deleted-user-visibility',
    endpoint: 'GET /projects/{project}/users/{user}',
    description: 'A deleted user stays retrievable with status "deleted" and leaves lists and search.',
    reason: 'Undocumented; follows the user status enum, which includes "deleted".',
  },
  {
    id: 'psim-credentials',
    endpoint: 'GET /projects/{project}/sims/{sim}/credentials',
    description: 'A physical SIM answers 200 with the eSIM fields null.',
    reason: 'Inferred from the nullable "eSIM only" fields of simCredentials; the real API may answer 4xx.',
  },
  {
    id: 'unknown-cursor',
    endpoint: 'GET list endpoints',
    description: 'An after/before id that is not in the list answers 422.',
    reason: 'Undocumented; the strictness rule suggests an error rather than an empty page.',
  },
  {
    id: 'catalogue',
    endpoint: 'GET /projects/{project}/plans',
    description: 'gigs-mock ships its own plan catalogue; a real project has the plans Gigs set up for it.',
    reason: 'Plans are configured by Gigs per customer; the suite never assumes plan ids.',
  },
  {
    id: 'plan-status-active',
    endpoint: 'GET /projects/{project}/plans',
    description: 'Plans are "available" (and ?status=active is refused); the getting-started guide shows "active".',
    reason: 'The plan schema lists available, archived, pending and draft; the guide looks older than the schema.',
  },
  {
    id: 'first-period-at-activation',
    endpoint: 'POST /projects/{project}/subscriptions',
    description: 'A pending subscription has currentPeriod null; the guide shows "currentPeriod": {...} on one.',
    reason: 'Period 1 starts at activation (firstPeriodTrigger "activation"); the guide elides the field.',
  },
  {
    id: 'data-only-phone-number',
    endpoint: 'POST /projects/{project}/subscriptions',
    description: 'Plans without voice or SMS get phoneNumber null.',
    reason: 'The subscription schema says the number is only available for voice plans; how Gigs decides is not documented.',
  },
  {
    id: 'error-types',
    endpoint: 'every endpoint',
    description:
      "Error types are the nine of Gigs' SDK; a 429 is tooManyRequests, a 503 internal with code serviceUnavailable, a 500 internal with code unknown.",
    reason:
      'Type names come from gigs/embeds-react-native (src/data/api.ts); which status Gigs pairs with tooManyRequests and internal is not documented.',
  },
  {
    id: 'not-implemented',
    endpoint: 'devices, add-ons, subscription changes/add-ons/groups, usage, connect sessions, billing',
    description: 'Gigs paths gigs-mock does not simulate answer 501 notImplemented naming the resource.',
    reason: 'So a client can tell a missing simulation from a wrong URL (404); the real API serves them.',
  },
  {
    id: 'one-time-cancel-code',
    endpoint: 'POST /projects/{project}/subscriptions/{subscription}/cancel|resume',
    description: 'Canceling or resuming a subscription on a one-time plan answers 422 invalid without a code.',
    reason:
      'The Connect Session Intents docs allow cancel and resume only for recurring subscriptions; no error code is documented.',
  },
  {
    id: 'user-events',
    endpoint: 'webhooks',
    description: 'com.gigs.user.created and .updated are emitted only with --extra-events.',
    reason: "They are not in Gigs' event index, so production does not send them.",
  },
  {
    id: 'porting-donor',
    endpoint: 'POST|PATCH /projects/{project}/portings, POST /projects/{project}/subscriptions (porting)',
    description:
      'The donor carrier is simulated: sandbox numbers (+1 NPA 555 01XX) and field values pick declines, and each step takes --porting-delay (4h).',
    reason: 'A real port-in moves a real number; only drafts are safe to contract-test against the real API.',
  },
  {
    id: 'porting-cancel',
    endpoint: 'POST /projects/{project}/portings/{porting}/cancel',
    description: 'The cancel path is inferred; a canceled porting gives its pending subscription a new number.',
    reason: 'Gigs documents portingNotCancelable but neither the path nor what happens to the subscription.',
  },
];
