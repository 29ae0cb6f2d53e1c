export { BaseError } from './base-error.js';
export { ConfuError, assertArgument } from './confu-error.js';
export type { ConfuErrorCode } from './confu-error.js';
