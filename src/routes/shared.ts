import { z } from '@hono/zod-openapi';
import { ProjectParam } from '../schemas/common.js';
import { ErrorBody } from '../schemas/error.js';
import type { Page } from '../store/collection.js';

export const projectParams = z.object({ project: ProjectParam });

export const pathParam = (name: string, prefix: string) =>
  z
    .string()
    .min(1)
    .openapi({ param: { name, in: 'path' }, example: `${prefix}_0SNlurA049MEWV4OpCwsNyC9Kn2d` });

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const ok = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });

/** The error responses every project route can give. */
export const errors = {
  400: errorResponse('Malformed request body'),
  401: errorResponse('Missing or invalid API key'),
  403: errorResponse('The API key belongs to another project'),
  404: errorResponse('Not found'),
  422: errorResponse('Invalid request'),
} as const;

export const bearer = [{ bearerAuth: [] }];

export function list<T>(page: Page<T>) {
  return {
    object: 'list' as const,
    items: page.items,
    moreItemsAfter: page.moreItemsAfter,
    moreItemsBefore: page.moreItemsBefore,
  };
}

/** Search endpoints answer a list too, without further pages. */
export function searchList<T>(items: T[]) {
  return { object: 'list' as const, items, moreItemsAfter: null, moreItemsBefore: null };
}
