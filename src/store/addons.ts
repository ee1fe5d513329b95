import { defaultAddons } from '../scenarios/addons.js';
import type { Addon, AddonDefinition } from '../schemas/addon.js';
import { Collection, type Page, type PageQuery } from './collection.js';
import { notFound } from './errors.js';
import { deepFreeze } from './freeze.js';
import { flatAllowances } from './plans.js';

export interface AddonFilter {
  status?: string[] | undefined;
  provider?: string[] | undefined;
}

/** The wire form: the definition with the deprecated flat allowances after it, as documented. */
function present(addon: AddonDefinition): Addon {
  return deepFreeze({ ...structuredClone(addon), ...flatAllowances(addon.allowances) });
}

/**
 * The add-on catalogue (src/scenarios/addons.ts). It is the same for every project and never
 * changes at run time, so one frozen copy serves every simulator, its wire forms made once, and
 * it stays out of snapshots. Listed in catalogue order.
 */
const CATALOGUE = (() => {
  const collection = new Collection<Addon>();
  // A collection lists newest first: add the catalogue backwards so it lists in order.
  for (const addon of defaultAddons().reverse()) collection.add(present(addon));
  return collection;
})();

/** Add-ons are read-only through the API, as plans are: Gigs sets them up with the customer. */
export class AddonStore {
  exists(id: string): boolean {
    return CATALOGUE.has(id);
  }

  get(id: string): Addon {
    const addon = CATALOGUE.get(id);
    if (!addon) throw notFound('add-on');
    return addon;
  }

  list(query: PageQuery, filter: AddonFilter = {}): Page<Addon> {
    return CATALOGUE.page(
      query,
      (addon) =>
        (!filter.status || filter.status.includes(addon.status)) &&
        (!filter.provider || filter.provider.includes(addon.provider)),
    );
  }
}
