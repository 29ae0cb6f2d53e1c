import { describe, expect, it } from 'vitest';
import { startServer } from '../src/main.js';
import { hasStories260k, silentLogger, startTestServer } from './server-fixture.js';

describe('startServer', () => {
  it('fails with FILE_NOT_FOUND for a model that is neither a path nor a hub id', async () => {
    await expect(
      startServer({ model: '/no/such/model', port: 0, logger: silentLogger }),
    ).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });

  it('rejects bad options before loading anything', async () => {
    await expect(startServer({ model: 'x', slots: 0, logger: silentLogger })).rejects.toMatchObject(
      {
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('slots'),
      },
    );
  });

  it.skipIf(!hasStories260k)(
    'fails the start, and stops its workers, when the drafter cannot load',
    async () => {
      await expect(startTestServer({ draft: { kind: 'lm' }, slots: 2 })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('draft model'),
      });
    },
  );
});
