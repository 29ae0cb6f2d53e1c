import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors/api-error.js';

/**
 * Requires `Authorization: Bearer <key>` with one of `keys`. Keys are kept as SHA-256 digests
 * and compared in constant time (vLLM's approach); the scheme is matched case-insensitively.
 */
export function requireApiKey(keys: readonly string[]): MiddlewareHandler {
  const digests = keys.map(digest);
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    // The scheme is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are `Bearer`.
    const token = /^bearer +/i.exec(header) ? header.replace(/^bearer +/i, '') : undefined;
    const presented = digest(token ?? '');
    if (token === undefined || !digests.some((expected) => timingSafeEqual(expected, presented))) {
      throw new ApiError(401, 'Incorrect or missing API key; send `Authorization: Bearer <key>`', {
        type: 'authentication_error',
        code: 'invalid_api_key',
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    await next();
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
