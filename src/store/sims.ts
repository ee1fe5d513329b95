import { luhnComplete, unguessableToken } from '../engine/random.js';
import type { ESimProfile, Sim, SimCredentials } from '../schemas/sim.js';
import { mapPage, type Page, type PageQuery } from './collection.js';
import type { StoreContext } from './context.js';
import { DomainError, Messages, notFound } from './errors.js';
import { NO_METADATA } from './metadata.js';
import type { ProjectState, SimRecord } from './types.js';

export interface SimFilter {
  type?: string[] | undefined;
  status?: string[] | undefined;
  iccid?: string[] | undefined;
}

/** SM-DP+ host in activation codes; the real one is smdp.gigs.com (getting-started guide). */
const SMDP_HOST = 'smdp.gigs.com';

export function presentSim(sim: SimRecord): Sim {
  return {
    object: 'sim',
    id: sim.id,
    metadata: { ...sim.metadata },
    createdAt: sim.createdAt,
    iccid: sim.iccid,
    provider: sim.provider,
    status: sim.status,
    type: sim.type,
  };
}

export class SimStore {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Puts a new, inactive physical SIM into the project's stock (scenarios). */
  addPhysical(project: string, provider: string): Sim {
    const state = this.#ctx.project(project);
    return presentSim(this.#insert(state, 'pSIM', provider, 'inactive'));
  }

  /** Provisions an eSIM for a subscription at activation. */
  provisionESim(project: string, provider: string, subscription: string): SimRecord {
    const state = this.#ctx.project(project);
    const sim = this.#insert(state, 'eSIM', provider, 'active');
    sim.subscription = subscription;
    return sim;
  }

  record(project: string, id: string): SimRecord {
    const sim = this.#ctx.project(project).sims.get(id);
    if (!sim) throw notFound('SIM');
    return sim;
  }

  get(project: string, id: string): Sim {
    return presentSim(this.record(project, id));
  }

  list(project: string, query: PageQuery, filter: SimFilter = {}): Page<Sim> {
    const iccids = filter.iccid?.map((i) => i.toUpperCase());
    return mapPage(
      this.#ctx
        .project(project)
        .sims.page(
          query,
          (sim) =>
            (!filter.type || filter.type.includes(sim.type)) &&
            (!filter.status || filter.status.includes(sim.status)) &&
            (!iccids || iccids.includes(sim.iccid.toUpperCase())),
        ),
      presentSim,
    );
  }

  search(project: string, iccid: string): Sim[] {
    const state = this.#ctx.project(project);
    const id = state.iccids.get(iccid.toUpperCase());
    const sim = id ? state.sims.get(id) : undefined;
    return sim ? [presentSim(sim)] : [];
  }

  /** Changes a SIM's status and reports it (sim.activated / sim.deactivated). */
  setStatus(project: string, id: string, status: SimRecord['status'], subscription: string | null): void {
    const state = this.#ctx.project(project);
    const sim = this.record(project, id);
    const next: SimRecord = { ...sim, status, subscription };
    state.sims.replace(next);
    if (sim.status !== status) {
      const type =
        status === 'active'
          ? 'com.gigs.sim.activated'
          : status === 'retired'
            ? 'com.gigs.sim.retired'
            : 'com.gigs.sim.deactivated';
      this.#ctx.emit(project, type, () => presentSim(next));
    }
  }

  /**
   * eSIM install credentials (reference §10.3). A pSIM answers 200 with the eSIM fields null, as
   * the schema's "only available for eSIM" nullable fields suggest.
   */
  credentials(project: string, id: string): SimCredentials {
    const sim = this.record(project, id);
    const code = sim.activationCode;
    const base = this.#ctx.options.publicUrl.replace(/\/+$/, '');
    return {
      object: 'simCredentials',
      activationCode: code,
      // The documented form carries the LPA string as it is (`carddata=LPA:1$smdp...`), not
      // percent-encoded (simCredentials schema example); ours holds only [A-Z0-9.$:-].
      androidInstallUrl: code ? `https://esimsetup.android.com/esim_qrcode_provisioning?carddata=${code}` : null,
      iosInstallUrl: code ? `https://esimsetup.apple.com/esim_qrcode_provisioning?carddata=${code}` : null,
      qrCodeUrl: sim.qrToken ? `${base}/qr/${sim.qrToken}.png` : null,
      sim: sim.id,
    };
  }

  /** The eSIM profile state; a pSIM has none (404, reference §10.2). */
  eSimProfile(project: string, id: string): ESimProfile {
    const sim = this.record(project, id);
    if (sim.type !== 'eSIM') throw new DomainError('notFound', Messages.eSimProfileOfPSim);
    // Providers other than p3, p14 and p15 always report "unknown" (reference §10.2).
    const status = ['p3', 'p14', 'p15'].includes(sim.provider) && sim.status === 'active' ? 'enabled' : 'unknown';
    return { object: 'eSimProfile', sim: presentSim(sim), status, updatedAt: sim.createdAt };
  }

  /** The activation code behind a public QR token, or undefined for an unknown token. */
  activationCodeForToken(token: string): string | undefined {
    const simId = this.#ctx.qrTokens.get(token);
    if (simId === undefined) return undefined;
    // Ids are unique across projects, and a simulator holds a handful of projects.
    for (const state of this.#ctx.projects.values()) {
      const sim = state.sims.get(simId);
      if (sim) return sim.activationCode ?? undefined;
    }
    return undefined;
  }

  #insert(state: ProjectState, type: SimRecord['type'], provider: string, status: SimRecord['status']): SimRecord {
    const random = this.#ctx.random;
    let iccid: string;
    do {
      // 89 (telecom) + 01 (country) + issuer digits, 19 digits in all, then the Luhn check digit.
      iccid = luhnComplete(['8901', random.digits(15)].join(''));
    } while (state.iccids.has(iccid));
    const isESim = type === 'eSIM';
    const sim: SimRecord = {
      object: 'sim',
      id: random.id('sim'),
      metadata: NO_METADATA,
      createdAt: this.#ctx.now(),
      iccid,
      provider,
      status,
      type,
      // Joined, not concatenated: a flat string, not a rope kept for the SIM's lifetime.
      activationCode: isESim ? ['LPA:1', SMDP_HOST, matchingId(random)].join('$') : null,
      qrToken: isESim ? unguessableToken() : null,
      subscription: null,
    };
    state.sims.add(sim);
    state.iccids.set(iccid, sim.id);
    if (sim.qrToken) this.#ctx.qrTokens.set(sim.qrToken, sim.id);
    return sim;
  }
}

/** Matching ids look like "TEST-OUKOP-8JW6Y8B" in the guide: upper-case groups. */
const MATCHING_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function matchingId(random: { next(): number }): string {
  const chars: string[] = [];
  for (const length of [4, 5, 7]) {
    if (chars.length > 0) chars.push('-');
    for (let i = 0; i < length; i++) chars.push(MATCHING_CHARS[Math.floor(random.next() * MATCHING_CHARS.length)] as string);
  }
  return chars.join('');
}
