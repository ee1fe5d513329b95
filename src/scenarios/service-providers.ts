import type { ServiceProvider } from '../schemas/porting.js';

/**
 * The service providers gigs-mock knows: US carriers a number can be ported from (donors), and the
 * simulator's own networks (recipients). Gigs answers `GET /serviceProviders` with objects of this
 * shape (gigs/embeds-react-native `types/serviceProvider.ts`; the porting events' examples show
 * `svp_` ids); the carrier names are the major US networks and their best-known brands, so porting
 * forms have a realistic list to show. Ids are fixed, so a form built against one run works in the next.
 */

/** The networks numbers are ported to: the providers of the plan catalogue. */
export const RECIPIENT_PROVIDERS = ['p5', 'p9', 'test'] as const;

const ALL = [...RECIPIENT_PROVIDERS];

const donor = (id: string, name: string, recipientProviders: string[] = ALL): ServiceProvider =>
  Object.freeze({
    object: 'serviceProvider',
    id: `svp_${id}`,
    name,
    recipientProviders: Object.freeze([...recipientProviders]) as string[],
  });

/** Donor carriers, in the order a list shows them (alphabetical). */
export const DONOR_PROVIDERS: readonly ServiceProvider[] = Object.freeze([
  donor('0SNlurA01K6GY5L0ATT001', 'AT&T'),
  donor('0SNlurA01K6GY5L0BST002', 'Boost Mobile'),
  donor('0SNlurA01K6GY5L0CSP003', 'C Spire'),
  donor('0SNlurA01K6GY5L0CNC004', 'Consumer Cellular'),
  donor('0SNlurA01K6GY5L0CRK005', 'Cricket Wireless'),
  donor('0SNlurA01K6GY5L0GFI006', 'Google Fi Wireless'),
  donor('0SNlurA01K6GY5L0H2O007', 'H2O Wireless'),
  donor('0SNlurA01K6GY5L0LYC008', 'Lycamobile'),
  donor('0SNlurA01K6GY5L0MET009', 'Metro by T-Mobile'),
  donor('0SNlurA01K6GY5L0MNT010', 'Mint Mobile'),
  donor('0SNlurA01K6GY5L0RPK011', 'Red Pocket Mobile'),
  donor('0SNlurA01K6GY5L0SPC012', 'Spectrum Mobile'),
  donor('0SNlurA01K6GY5L0STT013', 'Straight Talk'),
  donor('0SNlurA01K6GY5L0TMO014', 'T-Mobile'),
  donor('0SNlurA01K6GY5L0TLO015', 'Tello'),
  donor('0SNlurA01K6GY5L0TNG016', 'Ting Mobile'),
  donor('0SNlurA01K6GY5L0TOT017', 'Total Wireless'),
  donor('0SNlurA01K6GY5L0TRF018', 'Tracfone'),
  donor('0SNlurA01K6GY5L0ULT019', 'Ultra Mobile'),
  donor('0SNlurA01K6GY5L0USC020', 'UScellular'),
  donor('0SNlurA01K6GY5L0USM021', 'US Mobile'),
  donor('0SNlurA01K6GY5L0VZW022', 'Verizon'),
  donor('0SNlurA01K6GY5L0VIS023', 'Visible'),
  donor('0SNlurA01K6GY5L0XFM024', 'Xfinity Mobile'),
]);

/** The simulator's own networks, shown as a porting's `recipientProvider`. */
export const RECIPIENT_SERVICE_PROVIDERS: Readonly<Record<string, ServiceProvider>> = Object.freeze({
  p5: donor('0SNlurA01K6GY5L0GP5101', 'Gigs network p5', []),
  p9: donor('0SNlurA01K6GY5L0GP9102', 'Gigs network p9', []),
  test: donor('0SNlurA01K6GY5L0GTS103', 'Gigs test network', []),
});

/** Every service provider, as `GET /serviceProviders` lists them. */
export const SERVICE_PROVIDERS: readonly ServiceProvider[] = Object.freeze([
  ...DONOR_PROVIDERS,
  ...Object.values(RECIPIENT_SERVICE_PROVIDERS),
]);

const BY_ID = new Map(SERVICE_PROVIDERS.map((s) => [s.id, s]));

export function findServiceProvider(id: string): ServiceProvider | undefined {
  return BY_ID.get(id);
}

export function isRecipientProvider(provider: string): boolean {
  return Object.hasOwn(RECIPIENT_SERVICE_PROVIDERS, provider);
}
