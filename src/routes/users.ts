import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { listOf, NoQuery, paginationFields } from '../schemas/common.js';
import { CreateUserBody, SearchUsersBody, UpdateUserBody, User } from '../schemas/user.js';
import type { Simulator } from '../simulator.js';
import { bearer, errors, jsonBody, list, ok, pathParam, projectParams, searchList } from './shared.js';

const UserList = listOf(User, 'UserList');
const userParams = projectParams.extend({ user: pathParam('user', 'usr') });
const tags = ['Users'];

/** Made per simulator: its handlers track requests against that simulator (see createRouter). */
export const usersRouter = (sim: Simulator) =>
  createRouter(sim)
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/users',
        tags,
        security: bearer,
        summary: 'Create a user',
        request: { params: projectParams, query: NoQuery, body: jsonBody(CreateUserBody) },
        responses: { 201: ok(User, 'The new user'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.users.create(c.get('project'), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/users',
        tags,
        security: bearer,
        summary: 'List users, newest first',
        request: { params: projectParams, query: z.strictObject(paginationFields) },
        responses: { 200: ok(UserList, 'A page of users'), ...errors },
      }),
      (c) => c.json(list(c.get('sim').store.users.list(c.get('project'), c.req.valid('query'))), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/projects/{project}/users/search',
        tags,
        security: bearer,
        summary: 'Find users by email',
        request: { params: projectParams, query: NoQuery, body: jsonBody(SearchUsersBody) },
        responses: { 200: ok(UserList, 'Matching users'), ...errors },
      }),
      (c) => c.json(searchList(c.get('sim').store.users.search(c.get('project'), c.req.valid('json').email)), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/projects/{project}/users/{user}',
        tags,
        security: bearer,
        summary: 'Retrieve a user',
        request: { params: userParams, query: NoQuery },
        responses: { 200: ok(User, 'The user'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.users.get(c.get('project'), c.req.valid('param').user), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/projects/{project}/users/{user}',
        tags,
        security: bearer,
        summary: 'Update a user (only the fields sent)',
        request: { params: userParams, query: NoQuery, body: jsonBody(UpdateUserBody) },
        responses: { 200: ok(User, 'The updated user'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.users.update(c.get('project'), c.req.valid('param').user, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/projects/{project}/users/{user}',
        tags,
        security: bearer,
        summary: 'Delete a user (ends their subscriptions)',
        request: { params: userParams, query: NoQuery },
        responses: { 200: ok(User, 'The deleted user'), ...errors },
      }),
      (c) => c.json(c.get('sim').store.users.delete(c.get('project'), c.req.valid('param').user), 200),
    );
