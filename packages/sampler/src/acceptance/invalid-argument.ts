import { ConfuError } from '@confu/errors';

/**
 * Throws `INVALID_ARGUMENT`. Used as `if (!ok) invalidArgument(message)` inside per-node loops,
 * so the message is only formatted on failure: `assertArgument` takes a ready string, and
 * formatting one per node cost more than the acceptance itself.
 */
export function invalidArgument(message: string): never {
  throw new ConfuError('INVALID_ARGUMENT', message);
}
