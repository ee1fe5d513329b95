import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { listOf, NoQuery } from '../schemas/common.js';
import {
  CreateDeviceBody,
  Device,
  DeviceModelBrands,
  DeviceQuery,
  SearchDevicesBody,
  UpdateDeviceBody,
} from '../schemas/device.js';
import type { Simulator } from '../simulator.js';
import { bearer, errors, jsonBody, list, ok, pathParam, projectParams, searchList } from './shared.js';

const DeviceList = listOf(Device, 'DeviceList');
const tags = ['Devices'];
const deviceParams = projectParams.extend({ device: pathParam('device', 'dev') });

/** Made per simulator: its handlers track requests against that simulator (see createRouter). */
export const devicesRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/devices',
        tags,
        security: bearer,
        summary: 'Create a device (body inferred from the device object)',
        request: { params: projectParams, query: NoQuery, body: jsonBody(CreateDeviceBody) },
        responses: { 201: ok(Device, 'The new device'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.devices.create(c.get('project'), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/devices',
        tags,
        security: bearer,
        summary: 'List devices, newest first (filters user, sim)',
        request: { params: projectParams, query: DeviceQuery },
        responses: { 200: ok(DeviceList, 'A page of devices'), ...errors },
      }),
      (c) => {
        const { user, sim: simFilter, ...page } = c.req.valid('query');
        return c.json(list(c.get('sim').store.devices.list(c.get('project'), page, { user, sim: simFilter })), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/devices/search',
        tags,
        security: bearer,
        summary: 'Find a device by IMEI (in the body, so it stays out of URLs)',
        request: { params: projectParams, query: NoQuery, body: jsonBody(SearchDevicesBody) },
        responses: { 200: ok(DeviceList, 'The matching devices'), ...errors },
      }),
      (c) => c.json(searchList(c.get('sim').store.devices.search(c.get('project'), c.req.valid('json').imei)), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/devices/{device}',
        tags,
        security: bearer,
        summary: 'Retrieve a device',
        request: { params: deviceParams, query: NoQuery },
        responses: { 200: ok(Device, 'The device'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.devices.get(c.get('project'), c.req.valid('param').device), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/projects/{project}/devices/{device}',
        tags,
        security: bearer,
        summary: 'Update a device: only the fields sent change',
        request: { params: deviceParams, query: NoQuery, body: jsonBody(UpdateDeviceBody) },
        responses: { 200: ok(Device, 'The device'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.devices.update(c.get('project'), c.req.valid('param').device, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/projects/{project}/devices/{device}',
        tags,
        security: bearer,
        summary: 'Delete a device (its IMEI and SIMs are free again)',
        request: { params: deviceParams, query: NoQuery },
        responses: { 200: ok(Device, 'The deleted device'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.devices.delete(c.get('project'), c.req.valid('param').device), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/deviceModelBrands',
        tags,
        security: bearer,
        summary: 'List the brands of the device model catalogue, alphabetically (outside any project)',
        request: { query: NoQuery },
        responses: { 200: ok(DeviceModelBrands, 'The brands'), ...errors },
      }),
      (c) => c.json({ object: 'deviceModelBrands' as const, items: c.get('sim').store.devices.brands() }, 200),
    );
