import { createAddModel } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';
import { createOnnxNodeRuntime } from './create-onnx-node-runtime.js';

const code = (expected: string): unknown =>
  expect.objectContaining({ name: 'ConfuError', code: expected });

describe('createOnnxNodeRuntime', () => {
  it('throws INVALID_ARGUMENT for invalid options', () => {
    expect(() => createOnnxNodeRuntime({ numThreads: 0 })).toThrow(code('INVALID_ARGUMENT'));
    expect(() => createOnnxNodeRuntime({ logSeverityLevel: 5 as 4 })).toThrow(
      code('INVALID_ARGUMENT'),
    );
  });

  it('runs with explicit threads, log level and graph optimisation', async () => {
    const runtime = createOnnxNodeRuntime({ numThreads: 2, logSeverityLevel: 4 });
    await using session = await runtime.loadModel(
      { kind: 'bytes', model: createAddModel() },
      { numThreads: 1, graphOptimization: 'disabled' },
    );
    const a = { dtype: 'float32', dims: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) } as const;

    const result = await session.run({ a, b: a });

    expect(runtime.name).toBe('onnx-node');
    expect(result['sum']?.data).toEqual(Float32Array.of(2, 4, 6, 8, 10, 12));
  });

  it('rejects an unknown graph optimisation level with INVALID_ARGUMENT', async () => {
    const runtime = createOnnxNodeRuntime();

    const load = runtime.loadModel(
      { kind: 'bytes', model: createAddModel() },
      {
        graphOptimization: 'max' as 'all',
      },
    );

    await expect(load).rejects.toEqual(code('INVALID_ARGUMENT'));
  });

  it('rejects a missing model file with MODEL_LOAD_FAILED naming the path', async () => {
    const runtime = createOnnxNodeRuntime();

    const load = runtime.loadModel({ kind: 'path', path: '/nonexistent/confu/model.onnx' });

    await expect(load).rejects.toEqual(code('MODEL_LOAD_FAILED'));
    await expect(load).rejects.toThrow('/nonexistent/confu/model.onnx');
  });
});
