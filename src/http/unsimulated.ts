/**
 * Paths of the real Gigs API that gigs-mock does not simulate yet. They answer 501
 * `notImplemented` naming the resource, so a client can tell "the simulator lacks this" from "my
 * URL is wrong" (an unknown path stays a 404). Sources: the Gigs API reference (devices, add-ons,
 * subscription add-ons, changes and groups, usage, projects, device model brands) and Gigs' own
 * clients (`/addons` in gigs/connect-sessions-buy-manage-example `lib/api.ts`).
 * An entry goes when its resource is simulated (portings, port-outs, service providers and connect sessions went).
 */
const PROJECT_RESOURCES: readonly (readonly [RegExp, string])[] = [
  [/^\/subscriptionGroups(\/|$)/, 'subscription groups'],
  [/^\/usage(Balances|Records)?(\/|$)/, 'usage'],
  [/^\/(invoices|payments|paymentMethods|creditNotes|quotes|vouchers|orders)(\/|$)/, 'billing'],
  [/^\/members(\/|$)/, 'members'],
  [/^$/, 'projects'],
];

const GLOBAL_RESOURCES: readonly (readonly [RegExp, string])[] = [[/^\/projects$/, 'projects']];

/** The resource a project path (the part after `/projects/{project}`) belongs to, when Gigs has it and gigs-mock lacks it. */
export function unsimulatedProjectResource(rest: string): string | undefined {
  return PROJECT_RESOURCES.find(([pattern]) => pattern.test(rest))?.[1];
}

/** The same for a path outside any project. */
export function unsimulatedGlobalResource(path: string): string | undefined {
  return GLOBAL_RESOURCES.find(([pattern]) => pattern.test(path))?.[1];
}
