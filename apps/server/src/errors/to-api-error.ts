import { ConfuError } from '@confu/errors';
import type { ConfuErrorCode } from '@confu/errors';
import { ApiError } from './api-error.js';

/** Thrown when a request's generation was cancelled (client gone); logged as 499, never sent. */
export class RequestAbortedError extends Error {
  constructor() {
    super('the client closed the request');
    this.name = 'RequestAbortedError';
  }
}

// The one table from confu error codes to HTTP (style guide §10).
const statusByCode: Partial<
  Record<ConfuErrorCode, { status: number; code?: string; headers?: Record<string, string> }>
> = {
  INVALID_ARGUMENT: { status: 400 },
  CONTEXT_OVERFLOW: { status: 400, code: 'context_length_exceeded' },
  BUDGET_EXCEEDED: { status: 400, code: 'budget_exceeded' },
  // At request time only a chat template (from the model's files) raises this.
  INVALID_CONFIG: { status: 400, code: 'invalid_chat_template' },
  FILE_NOT_FOUND: { status: 404, code: 'model_not_found' },
  RUNTIME_UNAVAILABLE: { status: 503, code: 'service_unavailable' },
  MODEL_LOAD_FAILED: { status: 503, code: 'service_unavailable' },
  // The server's per-request deadline; a retry would most likely run out of time again.
  DEADLINE_EXCEEDED: {
    status: 504,
    code: 'request_timeout',
    headers: { 'x-should-retry': 'false' },
  },
};

/**
 * Maps anything thrown while serving a request to an {@link ApiError}: `ApiError`s pass through,
 * `ConfuError`s follow the code table, everything else becomes a generic 500 whose cause is
 * logged by the caller and never sent.
 */
export function toApiError(error: unknown, param?: string): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof RequestAbortedError)
    return new ApiError(499, error.message, { code: 'client_closed_request' });
  if (ConfuError.isInstance(error)) {
    const mapped = statusByCode[error.code];
    if (mapped) {
      return new ApiError(mapped.status, error.message, {
        param: param ?? null,
        code: mapped.code ?? null,
        ...(mapped.headers ? { headers: mapped.headers } : {}),
        cause: error,
      });
    }
  }
  return new ApiError(500, 'internal server error', { code: 'internal_error', cause: error });
}
