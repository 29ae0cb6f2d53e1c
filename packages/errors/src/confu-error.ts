import { BaseError } from './base-error.js';

/** Stable error codes shared by all confu packages. Renaming one is a breaking change. */
export type ConfuErrorCode =
  /** A caller passed a value outside its documented domain. */
  | 'INVALID_ARGUMENT'
  /** A model, tokenizer or weight file is malformed, truncated or inconsistent. */
  | 'INVALID_FILE'
  /** A configuration (model config.json, head config) is missing fields or inconsistent. */
  | 'INVALID_CONFIG'
  /** The file or format is recognised but not supported (dtype, tokenizer model type, ...). */
  | 'UNSUPPORTED'
  /** A required file is missing. */
  | 'FILE_NOT_FOUND'
  /** The prompt (plus requested tokens) does not fit the model context. */
  | 'CONTEXT_OVERFLOW'
  /** A template render or another bounded task exceeded its time or size budget. */
  | 'BUDGET_EXCEEDED'
  /** A request ran past its deadline (a server's per-request time limit). */
  | 'DEADLINE_EXCEEDED'
  /** No runtime backend could be initialised. */
  | 'RUNTIME_UNAVAILABLE'
  /** The runtime failed to create a session from a model. */
  | 'MODEL_LOAD_FAILED'
  /** The runtime failed while running a session. */
  | 'RUN_FAILED'
  /** A session or cache was used after `dispose()`. */
  | 'SESSION_DISPOSED'
  /** The model produced NaN or infinite logits. */
  | 'NUMERIC_ERROR';

/** The one error class of confu; callers branch on `code`. */
export class ConfuError extends BaseError<ConfuErrorCode> {
  readonly code: ConfuErrorCode;

  constructor(code: ConfuErrorCode, message: string, options?: { cause?: unknown }) {
    super('ConfuError', message, options);
    this.code = code;
  }

  static isInstance(value: unknown): value is ConfuError {
    return BaseError.hasName(value, 'ConfuError');
  }
}

/** Throws `INVALID_ARGUMENT` unless `condition` holds. */
export function assertArgument(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ConfuError('INVALID_ARGUMENT', message);
}
