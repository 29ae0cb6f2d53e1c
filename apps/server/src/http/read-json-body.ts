import type { Context } from 'hono';
import { ApiError } from '../errors/api-error.js';
import { RequestAbortedError } from '../errors/to-api-error.js';

/**
 * Reads a JSON request body of at most `limitBytes`, plain or chunked: a declared
 * `Content-Length` over the limit is a 413 at once, a body that grows past it is a 413 as soon as
 * it does (the rest is never read, so the connection is closed). Anything but `application/json`
 * is a 415; malformed JSON a 400; `__proto__` keys and `constructor.prototype` are refused
 * outright, as Fastify's `onProtoPoisoning: 'error'` does. A client that goes away mid-upload is a
 * {@link RequestAbortedError} (logged as 499, never a 500).
 */
export async function readJsonBody(context: Context, limitBytes: number): Promise<unknown> {
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
  const declared = Number(context.req.header('content-length') ?? Number.NaN);
  if (declared > limitBytes) throw tooLarge(limitBytes);
  const text = await readText(context.req.raw, limitBytes);
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

async function readText(request: Request, limitBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limitBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(limitBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new RequestAbortedError(); // the client went away (or broke the framing) mid-upload
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function tooLarge(limitBytes: number): ApiError {
  // The rest of the body is never read, so the connection cannot be reused.
  return new ApiError(413, `the request body exceeds ${limitBytes} bytes`, {
    code: 'request_too_large',
    headers: { connection: 'close' },
  });
}
