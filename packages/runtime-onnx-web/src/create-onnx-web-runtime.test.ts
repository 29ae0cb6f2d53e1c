import type { Tensor } from '@confu/core';
import { createAddModel } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';
import { createOnnxWebRuntime } from './create-onnx-web-runtime.js';

const code = (expected: string): unknown =>
  expect.objectContaining({ name: 'ConfuError', code: expected });

const feeds = (offset: number): Record<string, Tensor> => {
  const a: Tensor = { dtype: 'float32', dims: [2, 3], data: new Float32Array(6).fill(offset) };
  return { a, b: a };
};

describe('createOnnxWebRuntime', () => {
  it('throws INVALID_ARGUMENT for invalid options', () => {
    expect(() => createOnnxWebRuntime({ devices: [] })).toThrow(code('INVALID_ARGUMENT'));
    expect(() => createOnnxWebRuntime({ devices: ['webgl' as 'wasm'] })).toThrow(
      code('INVALID_ARGUMENT'),
    );
    expect(() => createOnnxWebRuntime({ numThreads: 1.5 })).toThrow(code('INVALID_ARGUMENT'));
  });

  it('falls back from webgpu to wasm by default outside Node', async () => {
    // A global object without `process` looks like a browser; Node's ORT build has no WebGPU.
    const runtime = createOnnxWebRuntime({}, {});
    await using session = await runtime.loadModel({ kind: 'bytes', model: createAddModel() });

    const result = await session.run(feeds(1));

    expect(runtime.name).toBe('onnx-web');
    expect(result['sum']?.data).toEqual(new Float32Array(6).fill(2));
  });

  it('rejects with RUNTIME_UNAVAILABLE and per-device causes when no device initialises', async () => {
    const runtime = createOnnxWebRuntime({ devices: ['webgpu'] });

    for (let attempt = 0; attempt < 2; attempt++) {
      const error: unknown = await runtime
        .loadModel({ kind: 'bytes', model: createAddModel() })
        .catch((e) => e);

      expect(error).toEqual(code('RUNTIME_UNAVAILABLE'));
      const cause = (error as Error).cause as AggregateError;
      expect(cause).toBeInstanceOf(AggregateError);
      expect(cause.errors.map((failure: Error) => failure.message)).toEqual([
        '`webgpu`: no available backend found. ERR: [webgpu] backend not found.',
      ]);
    }
  });

  it('rejects a path source with UNSUPPORTED, telling the caller to pass bytes', async () => {
    const runtime = createOnnxWebRuntime();

    const load = runtime.loadModel({ kind: 'path', path: 'model.onnx' });

    await expect(load).rejects.toEqual(code('UNSUPPORTED'));
    await expect(load).rejects.toThrow("{ kind: 'bytes', model, externalData }");
  });

  it('settles queued runs in call order', async () => {
    const runtime = createOnnxWebRuntime();
    await using session = await runtime.loadModel({ kind: 'bytes', model: createAddModel() });
    const settled: number[] = [];

    await Promise.all(
      [1, 2, 3, 4].map((offset) => session.run(feeds(offset)).then(() => settled.push(offset))),
    );

    expect(settled).toEqual([1, 2, 3, 4]);
  });

  it('rejects a queued run whose signal is aborted while it waits', async () => {
    const runtime = createOnnxWebRuntime();
    await using session = await runtime.loadModel({ kind: 'bytes', model: createAddModel() });
    const controller = new AbortController();
    const reason = new Error('no longer needed');

    const first = session.run(feeds(1));
    const second = session.run(feeds(2), { signal: controller.signal });
    controller.abort(reason);

    await expect(first).resolves.toHaveProperty('sum');
    await expect(second).rejects.toBe(reason);
  });
});
