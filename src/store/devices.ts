import { deviceModelBrands, isValidImei, modelOfImei } from '../scenarios/devices.js';
import type { CreateDeviceBody, Device, UpdateDeviceBody } from '../schemas/device.js';
import type { Page, PageQuery } from './collection.js';
import type { StoreContext } from './context.js';
import { changedFields } from './diff.js';
import { brokenRules, Messages, notFound, type PropertyDetail } from './errors.js';
import { mergeMetadata } from './metadata.js';
import { presentSim } from './sims.js';
import type { DeviceRecord, ProjectState } from './types.js';
import { presentUser } from './users.js';

export interface DeviceFilter {
  user?: string[] | undefined;
  sim?: string[] | undefined;
}

/**
 * The phones and watches of a project's users. An IMEI is unique per project
 * (`deviceImeiAlreadyExists`) and must carry a valid Luhn check digit; a SIM sits in at most one
 * device (`deviceSimAlreadyUsed`); the model comes from the IMEI's type allocation code
 * (src/scenarios/devices.ts), `null` when the catalogue does not know it.
 */
export class DeviceStore {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  record(project: string, id: string): DeviceRecord {
    const device = this.#ctx.project(project).devices.get(id);
    if (!device) throw notFound('device');
    return device;
  }

  get(project: string, id: string): Device {
    const state = this.#ctx.project(project);
    return present(state, this.record(project, id));
  }

  list(project: string, query: PageQuery, filter: DeviceFilter = {}): Page<Device> {
    const state = this.#ctx.project(project);
    const page = state.devices.page(
      query,
      (d) =>
        (!filter.user || (d.user !== null && filter.user.includes(d.user))) &&
        (!filter.sim || d.sims.some((sim) => filter.sim?.includes(sim))),
    );
    return { ...page, items: page.items.map((d) => present(state, d)) };
  }

  /** The brands of the device model catalogue, alphabetical. */
  brands(): string[] {
    return deviceModelBrands();
  }

  search(project: string, imei: string): Device[] {
    const state = this.#ctx.project(project);
    const id = state.imeis.get(imei);
    const device = id === undefined ? undefined : state.devices.get(id);
    return device ? [present(state, device)] : [];
  }

  create(project: string, input: CreateDeviceBody): Device {
    const state = this.#ctx.project(project);
    const fields = this.#check(state, undefined, input);
    const device: DeviceRecord = {
      object: 'device',
      id: this.#ctx.random.id('dev'),
      metadata: mergeMetadata({}, input.metadata),
      createdAt: this.#ctx.now(),
      imei: fields.imei,
      name: input.name ?? null,
      sims: fields.sims,
      user: fields.user,
    };
    state.devices.add(device);
    index(state, device);
    const wire = present(state, device);
    this.#ctx.emit(project, 'com.gigs.device.created', wire);
    return wire;
  }

  update(project: string, id: string, input: UpdateDeviceBody): Device {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    const fields = this.#check(state, current, input);
    const next: DeviceRecord = {
      ...current,
      metadata: mergeMetadata(current.metadata, input.metadata),
      imei: fields.imei,
      name: input.name === undefined ? current.name : input.name,
      sims: fields.sims,
      user: fields.user,
    };
    unindex(state, current);
    state.devices.replace(next);
    index(state, next);
    const wire = present(state, next);
    const previous = changedFields(present(state, current), wire);
    if (previous) this.#ctx.emit(project, 'com.gigs.device.updated', wire, previous);
    return wire;
  }

  delete(project: string, id: string): Device {
    const state = this.#ctx.project(project);
    const current = this.record(project, id);
    const wire = present(state, current);
    unindex(state, current);
    state.devices.remove(id);
    this.#ctx.emit(project, 'com.gigs.device.deleted', wire);
    return wire;
  }

  /** Every rule of a create or update at once; returns the fields to store. */
  #check(state: ProjectState, current: DeviceRecord | undefined, input: CreateDeviceBody) {
    const details: PropertyDetail[] = [];
    let code: string | undefined;
    const bad = (property: string, message: string, withCode?: string) => {
      details.push({ property, message, code: 'propertyInvalid' });
      code ??= withCode;
    };
    const imei = input.imei === undefined ? (current?.imei ?? null) : input.imei;
    if (imei !== null && input.imei !== undefined) {
      if (!isValidImei(imei)) bad('imei', Messages.imeiInvalid);
      else {
        const owner = state.imeis.get(imei);
        if (owner !== undefined && owner !== current?.id)
          bad('imei', Messages.deviceImeiAlreadyExists, 'deviceImeiAlreadyExists');
      }
    }
    const user = input.user === undefined ? (current?.user ?? null) : input.user;
    if (user !== null && input.user !== undefined) {
      const record = state.users.get(user);
      if (!record) bad('user', Messages.notFound('user'));
      else if (record.status === 'deleted') bad('user', Messages.userDeleted);
    }
    const sims = input.sims === undefined ? (current?.sims ?? []) : [...new Set(input.sims)];
    if (input.sims !== undefined) {
      for (const sim of sims) {
        const record = state.sims.get(sim);
        const model = imei ? modelOfImei(imei) : undefined;
        if (!record) bad('sims', Messages.notFound('SIM'));
        else if (model && !model.simTypes.includes(record.type)) bad('sims', Messages.deviceNotSupported, 'deviceNotSupported');
        else {
          const holder = state.devicesBySim.get(sim);
          if (holder !== undefined && holder !== current?.id) bad('sims', Messages.deviceSimAlreadyUsed, 'deviceSimAlreadyUsed');
        }
      }
    }
    // The duplicates follow --conflict-status; deviceNotSupported is a rule.
    const broken = brokenRules(details, code, ['deviceImeiAlreadyExists', 'deviceSimAlreadyUsed']);
    if (broken) throw broken;
    return { imei, user, sims };
  }
}

function index(state: ProjectState, device: DeviceRecord): void {
  if (device.imei) state.imeis.set(device.imei, device.id);
  for (const sim of device.sims) state.devicesBySim.set(sim, device.id);
}

function unindex(state: ProjectState, device: DeviceRecord): void {
  if (device.imei) state.imeis.delete(device.imei);
  for (const sim of device.sims) state.devicesBySim.delete(sim);
}

function present(state: ProjectState, device: DeviceRecord): Device {
  const user = device.user === null ? undefined : state.users.get(device.user);
  return {
    object: 'device',
    id: device.id,
    metadata: device.metadata,
    createdAt: device.createdAt,
    imei: device.imei,
    model: device.imei ? (modelOfImei(device.imei) ?? null) : null,
    name: device.name,
    sims: device.sims.flatMap((id) => {
      const sim = state.sims.get(id);
      return sim ? [presentSim(sim)] : [];
    }),
    user: user ? presentUser(user) : null,
  };
}
