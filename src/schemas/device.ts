import { z } from '@hono/zod-openapi';
import { csvString, idOf, Metadata, MetadataInput, paginationFields, Timestamp } from './common.js';
import { SimType } from './plan.js';
import { Sim } from './sim.js';
import { User } from './user.js';

export const DeviceModel = z
  .object({
    object: z.literal('deviceModel'),
    id: idOf('dmd'),
    brand: z.string(),
    name: z.string(),
    simTypes: z.array(SimType),
    type: z.enum(['car', 'iot', 'laptop', 'router', 'smartphone', 'feature-phone', 'smartwatch', 'tablet', 'wearable', 'other']),
  })
  .openapi('DeviceModel');
export type DeviceModel = z.infer<typeof DeviceModel>;

/** A device as documented (API reference "Devices"; reference §12.3): no status field. */
export const Device = z
  .object({
    object: z.literal('device'),
    id: idOf('dev'),
    metadata: Metadata,
    createdAt: Timestamp,
    imei: z.string().nullable(),
    model: DeviceModel.nullable(),
    name: z.string().nullable(),
    sims: z.array(Sim),
    user: User.nullable(),
  })
  .openapi('Device');
export type Device = z.infer<typeof Device>;

/** 15 digits (the check digit is checked by the store, with Luhn). */
export const Imei = z.string().regex(/^[0-9]{15}$/, 'An IMEI is 15 digits.');

const Sims = z.array(idOf('sim')).max(10);

/** Create body [inferred: the docs show the object; the fields follow it]. */
export const CreateDeviceBody = z
  .strictObject({
    imei: Imei.nullable().optional(),
    name: z.string().min(1).max(255).nullable().optional(),
    user: idOf('usr').nullable().optional(),
    sims: Sims.optional(),
    metadata: MetadataInput.optional(),
  })
  .openapi('CreateDevice');
export type CreateDeviceBody = z.infer<typeof CreateDeviceBody>;

export const UpdateDeviceBody = CreateDeviceBody.openapi('UpdateDevice');
export type UpdateDeviceBody = CreateDeviceBody;

/** Search by IMEI in the body, so the IMEI stays out of URLs and logs (reference §12.3). */
export const SearchDevicesBody = z.strictObject({ imei: z.string().min(1).max(32) }).openapi('SearchDevices');

/** The documented list filters. */
export const DeviceQuery = z.strictObject({ ...paginationFields, user: csvString, sim: csvString });

export const DeviceModelBrands = z
  .object({ object: z.literal('deviceModelBrands'), items: z.array(z.string()) })
  .openapi('DeviceModelBrands');
