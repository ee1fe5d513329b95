import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, failedInput, validationError } from '../http/router.js';
import { CreateUserAddressBody, UserAddress } from '../schemas/address.js';
import { listOf, NoQuery, paginationFields } from '../schemas/common.js';
import type { Simulator } from '../simulator.js';
import { bearer, errors, jsonBody, list, ok, pathParam, projectParams } from './shared.js';

const AddressList = listOf(UserAddress, 'UserAddressList');
const userParams = projectParams.extend({ user: pathParam('user', 'usr') });
const addressParams = userParams.extend({ address: pathParam('address', 'adr') });
const tags = ['User addresses'];

/** Made per simulator: its handlers track requests against that simulator (see createRouter). */
export const addressesRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/users/{user}/addresses',
        tags,
        security: bearer,
        summary: 'Create a user address',
        request: { params: userParams, query: NoQuery, body: jsonBody(CreateUserAddressBody) },
        responses: { 201: ok(UserAddress, 'The new address'), ...errors },
      }),
      (c) => {
        const { user } = c.req.valid('param');
        return c.json(c.get('sim').store.addresses.create(c.get('project'), user, c.req.valid('json')), 201);
      },
      // A malformed address is reported with the address code, like the rule failures of the store.
      (result) => {
        if (!result.success)
          throw validationError(
            result.error.issues,
            result.target === 'json' ? 'userAddressInvalid' : undefined,
            failedInput(result),
          );
        return undefined;
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/users/{user}/addresses',
        tags,
        security: bearer,
        summary: "List a user's addresses, newest first",
        request: { params: userParams, query: z.strictObject(paginationFields) },
        responses: { 200: ok(AddressList, 'A page of addresses'), ...errors },
      }),
      (c) => {
        const { user } = c.req.valid('param');
        return c.json(list(c.get('sim').store.addresses.list(c.get('project'), user, c.req.valid('query'))), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/users/{user}/addresses/{address}',
        tags,
        security: bearer,
        summary: 'Retrieve a user address',
        request: { params: addressParams, query: NoQuery },
        responses: { 200: ok(UserAddress, 'The address'), ...errors },
      }),
      (c) => {
        const { user, address } = c.req.valid('param');
        return c.json(c.get('sim').store.addresses.get(c.get('project'), user, address), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/projects/{project}/users/{user}/addresses/{address}',
        tags,
        security: bearer,
        summary: 'Delete a user address',
        request: { params: addressParams, query: NoQuery },
        responses: { 200: ok(UserAddress, 'The deleted address'), ...errors },
      }),
      (c) => {
        const { user, address } = c.req.valid('param');
        return c.json(c.get('sim').store.addresses.delete(c.get('project'), user, address), 200);
      },
    );
