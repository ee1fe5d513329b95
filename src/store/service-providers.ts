import { SERVICE_PROVIDERS } from '../scenarios/service-providers.js';
import type { ServiceProvider } from '../schemas/porting.js';
import { Collection, type Page, type PageQuery } from './collection.js';

/**
 * The catalogue of service providers is the same for every project and never changes (Gigs serves it
 * outside `/projects`), so it is one read-only collection, inserted in reverse so that a list, which
 * shows the newest first, reads alphabetically.
 */
const CATALOGUE = new Collection<ServiceProvider>();
for (const provider of [...SERVICE_PROVIDERS].reverse()) CATALOGUE.add(provider);

export function listServiceProviders(
  query: PageQuery,
  filter: { recipientProvider?: string[] | undefined } = {},
): Page<ServiceProvider> {
  const wanted = filter.recipientProvider;
  return CATALOGUE.page(query, (s) => !wanted || s.recipientProviders.some((r) => wanted.includes(r)));
}
