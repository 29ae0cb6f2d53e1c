import type { z } from 'zod';
import { ApiError } from '../errors/api-error.js';

/**
 * Validates a parsed JSON body with `schema`. The first issue becomes a 400 whose `param` is the
 * field path (`messages.0.role`); fields the schema does not know are returned for logging.
 */
export function parseRequest<TSchema extends z.ZodObject>(
  schema: TSchema,
  body: unknown,
): { request: z.infer<TSchema>; unknownFields: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'the request body must be a JSON object');
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    const message = issue?.message ?? 'invalid request';
    throw new ApiError(400, path ? `\`${path}\`: ${message}` : message, {
      param: path || null,
      code: issue?.code ?? null,
    });
  }
  const known = new Set(Object.keys(schema.shape));
  return {
    request: result.data,
    unknownFields: Object.keys(body).filter((key) => !known.has(key)),
  };
}
