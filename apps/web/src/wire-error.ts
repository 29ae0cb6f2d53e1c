import { BaseError, ConfuError } from '@confu/errors';
import type { ConfuErrorCode } from '@confu/errors';
import type { WireError } from './decoder-protocol.js';

const confuCodes: ReadonlySet<string> = new Set<ConfuErrorCode>([
  'INVALID_ARGUMENT',
  'INVALID_FILE',
  'INVALID_CONFIG',
  'UNSUPPORTED',
  'FILE_NOT_FOUND',
  'CONTEXT_OVERFLOW',
  'BUDGET_EXCEEDED',
  'RUNTIME_UNAVAILABLE',
  'MODEL_LOAD_FAILED',
  'RUN_FAILED',
  'SESSION_DISPOSED',
  'NUMERIC_ERROR',
]);

/** An error from the worker that is not a confu error; `code` is `ABORTED` or `INTERNAL`. */
export class RemoteError extends Error {
  readonly code: string;

  constructor(wire: WireError) {
    super(wire.message);
    this.name = wire.name;
    this.code = wire.code;
  }
}

/** Flattens any thrown value into `{ name, code, message }` for `postMessage`. */
export function toWireError(error: unknown): WireError {
  if (BaseError.isBaseError(error)) {
    return { name: error.name, code: error.code, message: error.message };
  }
  if (error instanceof Error || isDomException(error)) {
    const code = error.name === 'AbortError' ? 'ABORTED' : 'INTERNAL';
    return { name: error.name, code, message: error.message };
  }
  return { name: 'Error', code: 'INTERNAL', message: String(error) };
}

/** Rebuilds a {@link ConfuError} (or a {@link RemoteError}) on the page side. */
export function fromWireError(wire: WireError): ConfuError | RemoteError {
  if (wire.name === 'ConfuError' && confuCodes.has(wire.code)) {
    return new ConfuError(wire.code as ConfuErrorCode, wire.message);
  }
  return new RemoteError(wire);
}

function isDomException(value: unknown): value is DOMException {
  return typeof DOMException !== 'undefined' && value instanceof DOMException;
}
