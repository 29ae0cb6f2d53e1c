import type { Context } from 'hono';
import { ApiError } from '../errors/api-error.js';

/**
 * Reads a JSON request body (the size limit is enforced before, by `bodyLimit`). Anything but
 * `application/json` is a 415; malformed JSON a 400; `__proto__` keys and
 * `constructor.prototype` are refused outright, as Fastify's `onProtoPoisoning: 'error'` does.
 */
export async function readJsonBody(context: Context): Promise<unknown> {
  const type = context.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(
      415,
      `the body must be application/json, got \`${type.slice(0, 100) || 'none'}\``,
      {
        code: 'unsupported_media_type',
      },
    );
  }
  const text = await context.req.text();
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (
        key === '__proto__' ||
        (key === 'constructor' &&
          typeof value === 'object' &&
          value !== null &&
          'prototype' in value)
      ) {
        throw new ApiError(400, `forbidden key \`${key}\` in the request body`, { param: key });
      }
      return value;
    });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const detail = error instanceof Error ? error.message : 'malformed JSON';
    throw new ApiError(400, `the request body is not valid JSON: ${detail}`, {
      code: 'invalid_json',
    });
  }
}
