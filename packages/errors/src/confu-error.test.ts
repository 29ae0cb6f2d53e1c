import { describe, expect, it } from 'vitest';
import { BaseError, ConfuError, assertArgument } from './index.js';

describe('ConfuError', () => {
  it('is recognised by its brand and serialises to name, code and message', () => {
    const error = new ConfuError('INVALID_FILE', 'bad header', { cause: new Error('x') });

    expect(ConfuError.isInstance(error)).toBe(true);
    expect(BaseError.isBaseError(error)).toBe(true);
    expect(ConfuError.isInstance(new Error('plain'))).toBe(false);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ConfuError',
      code: 'INVALID_FILE',
      message: 'bad header',
    });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('assertArgument throws INVALID_ARGUMENT when the condition fails', () => {
    expect(() => assertArgument(false, '`topP` must be in (0, 1]')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
