import { describe, expect, it } from 'vitest';
import { ConfuError } from '@confu/errors';
import { RemoteError, fromWireError, toWireError } from './wire-error.js';

describe('toWireError', () => {
  it('keeps the name, code and message of a confu error', () => {
    expect(toWireError(new ConfuError('FILE_NOT_FOUND', 'tok512.bin is missing'))).toEqual({
      name: 'ConfuError',
      code: 'FILE_NOT_FOUND',
      message: 'tok512.bin is missing',
    });
  });

  it('codes an abort as ABORTED and anything else as INTERNAL', () => {
    const controller = new AbortController();
    controller.abort();

    expect([
      toWireError(controller.signal.reason),
      toWireError(new TypeError('boom')),
      toWireError('text'),
    ]).toEqual([
      { name: 'AbortError', code: 'ABORTED', message: 'This operation was aborted' },
      { name: 'TypeError', code: 'INTERNAL', message: 'boom' },
      { name: 'Error', code: 'INTERNAL', message: 'text' },
    ]);
  });
});

describe('fromWireError', () => {
  it('rebuilds a ConfuError that callers can branch on', () => {
    const error = fromWireError({
      name: 'ConfuError',
      code: 'CONTEXT_OVERFLOW',
      message: 'too long',
    });

    expect(ConfuError.isInstance(error)).toBe(true);
    expect((error as ConfuError).toJSON()).toEqual({
      name: 'ConfuError',
      code: 'CONTEXT_OVERFLOW',
      message: 'too long',
    });
  });

  it('rebuilds other errors as RemoteError with their name and code', () => {
    const error = fromWireError({ name: 'TypeError', code: 'INTERNAL', message: 'boom' });

    expect(error).toBeInstanceOf(RemoteError);
    expect({ name: error.name, code: error.code, message: error.message }).toEqual({
      name: 'TypeError',
      code: 'INTERNAL',
      message: 'boom',
    });
  });
});
