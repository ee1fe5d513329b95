import { z } from '@hono/zod-openapi';

export const PropertyErrorDetail = z
  .object({
    object: z.literal('propertyErrorDetail'),
    code: z.string(),
    message: z.string(),
    property: z.string(),
    suggestion: z.string().optional(),
  })
  .openapi('PropertyErrorDetail');

/** The Gigs error body (reference §3.1). */
export const ErrorBody = z
  .object({
    object: z.literal('error'),
    type: z.string(),
    message: z.string(),
    code: z.string().optional(),
    hint: z.string().optional(),
    documentation: z.array(z.string()).optional(),
    details: z.array(PropertyErrorDetail).optional(),
  })
  .openapi('Error');

export type ErrorBody = z.infer<typeof ErrorBody>;
