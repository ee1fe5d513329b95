import { z } from '@hono/zod-openapi';

/**
 * The fields a fault rule has however it arrives, checked alike: `POST /__mock/faults` (which adds
 * its duration forms of `latency` and the retired type names) and snapshots (which add the rule's
 * id, hits and stored `latency` in ms).
 */
export const faultRuleFields = {
  method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'get', 'post', 'patch', 'put', 'delete']).optional(),
  path: z.string().min(1).max(500).optional(),
  project: z.string().min(1).max(64).optional(),
  status: z.number().int().min(400).max(599).optional(),
  code: z
    .string()
    .regex(/^[A-Za-z0-9]+$/)
    .max(64)
    .optional(),
  message: z.string().max(500).optional(),
  probability: z.number().min(0).max(1).optional(),
  times: z.number().int().min(1).optional(),
};
