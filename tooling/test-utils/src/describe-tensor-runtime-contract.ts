import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelSession, ModelSource, Tensor, TensorRuntime } from '@confu/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createAddModel,
  createDTypeModel,
  createExternalDataModel,
  createIdentityModel,
  createMatMulModel,
  externalWeights,
} from './micro-models.js';

/** Options of {@link describeTensorRuntimeContract}. */
export interface TensorRuntimeContractOptions {
  /**
   * Whether the runtime loads `{ kind: 'path' }` sources. Default `true`; when `false` the suite
   * expects such loads to reject with `UNSUPPORTED`.
   */
  readonly supportsPath?: boolean;
}

const f32 = (values: readonly number[], dims: readonly number[]): Tensor<'float32'> => ({
  dtype: 'float32',
  dims,
  data: Float32Array.from(values),
});

const addFeeds = (offset = 0): Record<string, Tensor> => ({
  a: f32(
    [1, 2, 3, 4, 5, 6].map((value) => value + offset),
    [2, 3],
  ),
  b: f32([10, 20, 30, 40, 50, 60], [2, 3]),
});

/** Plain `{ dtype, dims, data }` so that `toEqual` ignores the engine's tensor class. */
const plain = (tensor: Tensor | undefined): unknown =>
  tensor && { dtype: tensor.dtype, dims: [...tensor.dims], data: tensor.data };

const code = (expected: string): unknown =>
  expect.objectContaining({ name: 'ConfuError', code: expected });

/** Deterministic junk bytes (an LCG), so a failure reproduces. */
function junkBytes(length: number): Uint8Array {
  let state = 0x2545f491;
  return Uint8Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  });
}

/**
 * The behaviour every {@link TensorRuntime} adapter must show, as a vitest suite run on micro ONNX
 * models built in memory. Call it at the top level of an adapter's test file:
 *
 * ```ts
 * describeTensorRuntimeContract('onnx-node', () => createOnnxNodeRuntime());
 * ```
 */
export function describeTensorRuntimeContract(
  name: string,
  createRuntime: () => TensorRuntime,
  options: TensorRuntimeContractOptions = {},
): void {
  describe(`TensorRuntime contract: ${name}`, () => {
    let runtime: TensorRuntime;
    let sessions: ModelSession[] = [];
    let directory: string | undefined;

    const load = async (source: ModelSource): Promise<ModelSession> => {
      const session = await runtime.loadModel(source);
      sessions.push(session);
      return session;
    };
    const loadBytes = (model: Uint8Array): Promise<ModelSession> => load({ kind: 'bytes', model });

    beforeAll(() => {
      runtime = createRuntime();
    });
    afterEach(async () => {
      await Promise.all(sessions.map((session) => session.dispose()));
      sessions = [];
    });
    afterAll(async () => {
      if (directory) await rm(directory, { recursive: true, force: true });
    });

    it('identifies itself as a v1 runtime', () => {
      expect(runtime.specificationVersion).toBe('v1');
      expect(runtime.name).toMatch(/\S/);
    });

    it('loads a model from bytes and reports its input and output names', async () => {
      const session = await loadBytes(createAddModel());

      expect(session.inputNames).toEqual(['a', 'b']);
      expect(session.outputNames).toEqual(['sum']);
    });

    it('loads a model from a view with a non-zero byteOffset', async () => {
      const model = createAddModel();
      const padded = new Uint8Array(model.length + 16).fill(0xff);
      padded.set(model, 7);
      const session = await loadBytes(padded.subarray(7, 7 + model.length));

      const result = await session.run(addFeeds());

      expect(result['sum']?.data).toEqual(Float32Array.of(11, 22, 33, 44, 55, 66));
    });

    it('loads a model with an external-data initializer from bytes', async () => {
      const { model, externalData } = createExternalDataModel();
      const session = await load({ kind: 'bytes', model, externalData });

      const result = await session.run({ x: f32([0, 0, 0, 1, 1, 1], [2, 3]) });

      const expected = Array.from(externalWeights, (weight, index) => weight + (index < 3 ? 0 : 1));
      expect(plain(result['y'])).toEqual(plain(f32(expected, [2, 3])));
    });

    if (options.supportsPath ?? true) {
      it('loads a model from a path, with its external data beside it', async () => {
        directory = await mkdtemp(join(tmpdir(), 'confu-runtime-contract-'));
        const { model, externalData } = createExternalDataModel();
        await writeFile(join(directory, 'model.onnx'), model);
        for (const file of externalData) await writeFile(join(directory, file.path), file.data);
        const session = await load({ kind: 'path', path: join(directory, 'model.onnx') });

        const result = await session.run({ x: f32([1, 1, 1, 1, 1, 1], [2, 3]) });

        expect(session.inputNames).toEqual(['x']);
        expect(plain(result['y'])).toEqual(plain(f32([2, 3, 4, 5, 6, 7], [2, 3])));
      });
    } else {
      it('rejects a path source with UNSUPPORTED', async () => {
        await expect(load({ kind: 'path', path: 'model.onnx' })).rejects.toEqual(
          code('UNSUPPORTED'),
        );
      });
    }

    it('computes Add', async () => {
      const session = await loadBytes(createAddModel());

      const result = await session.run(addFeeds());

      expect(Object.keys(result)).toEqual(['sum']);
      expect(plain(result['sum'])).toEqual(plain(f32([11, 22, 33, 44, 55, 66], [2, 3])));
    });

    it('computes MatMul', async () => {
      const session = await loadBytes(createMatMulModel());

      const result = await session.run({
        a: f32([1, 2, 3, 4, 5, 6], [2, 3]),
        b: f32([7, 8, 9, 10, 11, 12], [3, 2]),
      });

      expect(plain(result['product'])).toEqual(plain(f32([58, 64, 139, 154], [2, 2])));
    });

    it('computes Identity over symbolic dims', async () => {
      const session = await loadBytes(createIdentityModel());

      const result = await session.run({ x: f32([0.5, -1.25, 3e-8, 7], [1, 4]) });

      expect(plain(result['y'])).toEqual(plain(f32([0.5, -1.25, 3e-8, 7], [1, 4])));
    });

    it('round-trips float32, int32, int64, bool and uint8', async () => {
      const session = await loadBytes(createDTypeModel());
      const feeds: Record<string, Tensor> = {
        float32_in: f32([1.5, -2, 3.25], [3]),
        int32_in: { dtype: 'int32', dims: [3], data: Int32Array.of(7, -8, 2 ** 31 - 1) },
        int64_in: { dtype: 'int64', dims: [3], data: BigInt64Array.of(2n ** 40n, -3n, 0n) },
        bool_in: { dtype: 'bool', dims: [3], data: Uint8Array.of(1, 0, 1) },
        uint8_in: { dtype: 'uint8', dims: [3], data: Uint8Array.of(255, 0, 128) },
      };

      const result = await session.run(feeds);

      for (const [input, tensor] of Object.entries(feeds)) {
        expect(plain(result[input.replace(/_in$/, '_out')])).toEqual(plain(tensor));
      }
      expect(plain(result['int64_doubled'])).toEqual({
        dtype: 'int64',
        dims: [3],
        data: BigInt64Array.of(2n ** 41n, -6n, 0n),
      });
      expect(plain(result['bool_not'])).toEqual({
        dtype: 'bool',
        dims: [3],
        data: Uint8Array.of(0, 1, 0),
      });
    });

    it('returns only the requested outputs', async () => {
      const session = await loadBytes(createDTypeModel());
      const feeds: Record<string, Tensor> = {
        float32_in: f32([1], [1]),
        int32_in: { dtype: 'int32', dims: [1], data: Int32Array.of(1) },
        int64_in: { dtype: 'int64', dims: [1], data: BigInt64Array.of(21n) },
        bool_in: { dtype: 'bool', dims: [1], data: Uint8Array.of(1) },
        uint8_in: { dtype: 'uint8', dims: [1], data: Uint8Array.of(1) },
      };

      const result = await session.run(feeds, { outputs: ['int64_doubled', 'bool_not'] });

      expect(Object.keys(result).sort()).toEqual(['bool_not', 'int64_doubled']);
      expect(result['int64_doubled']?.data).toEqual(BigInt64Array.of(42n));
    });

    it('rejects an unknown feed name with INVALID_ARGUMENT', async () => {
      const session = await loadBytes(createAddModel());

      const run = session.run({ ...addFeeds(), c: f32([1], [1]) });

      await expect(run).rejects.toEqual(code('INVALID_ARGUMENT'));
    });

    it('rejects a missing feed with INVALID_ARGUMENT', async () => {
      const session = await loadBytes(createAddModel());

      await expect(session.run({ a: f32([1, 2, 3, 4, 5, 6], [2, 3]) })).rejects.toEqual(
        code('INVALID_ARGUMENT'),
      );
    });

    it('rejects an unknown output name with INVALID_ARGUMENT', async () => {
      const session = await loadBytes(createAddModel());

      await expect(session.run(addFeeds(), { outputs: ['sum', 'nope'] })).rejects.toEqual(
        code('INVALID_ARGUMENT'),
      );
    });

    it('rejects a feed whose data length does not match its dims with INVALID_ARGUMENT', async () => {
      const session = await loadBytes(createAddModel());

      const run = session.run({
        ...addFeeds(),
        b: { dtype: 'float32', dims: [2, 3], data: new Float32Array(5) },
      });

      await expect(run).rejects.toEqual(code('INVALID_ARGUMENT'));
    });

    it('rejects a wrongly shaped feed with RUN_FAILED and stays usable', async () => {
      const session = await loadBytes(createAddModel());

      const run = session.run({ ...addFeeds(), a: f32([1, 2, 3, 4, 5, 6], [3, 2]) });

      await expect(run).rejects.toEqual(code('RUN_FAILED'));
      await expect(run).rejects.toHaveProperty('cause');
      expect((await session.run(addFeeds()))['sum']?.data).toEqual(
        Float32Array.of(11, 22, 33, 44, 55, 66),
      );
    });

    it('rejects with the reason of an aborted signal', async () => {
      const session = await loadBytes(createAddModel());
      const controller = new AbortController();
      const reason = new Error('caller gave up');
      controller.abort(reason);

      await expect(session.run(addFeeds(), { signal: controller.signal })).rejects.toBe(reason);
    });

    it('rejects with an AbortError when a signal is aborted without a reason', async () => {
      const session = await loadBytes(createAddModel());

      const run = session.run(addFeeds(), { signal: AbortSignal.abort() });

      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    });

    it('rejects run() after dispose() with SESSION_DISPOSED', async () => {
      const session = await loadBytes(createAddModel());

      await session.dispose();

      await expect(session.run(addFeeds())).rejects.toEqual(code('SESSION_DISPOSED'));
    });

    it('disposes idempotently', async () => {
      const session = await loadBytes(createAddModel());

      await session.dispose();

      await expect(session.dispose()).resolves.toBeUndefined();
    });

    it('disposes through Symbol.asyncDispose', async () => {
      const session = await loadBytes(createAddModel());

      await session[Symbol.asyncDispose]();

      await expect(session.run(addFeeds())).rejects.toEqual(code('SESSION_DISPOSED'));
    });

    it('rejects a corrupt model with MODEL_LOAD_FAILED', async () => {
      const load = runtime.loadModel({ kind: 'bytes', model: junkBytes(512) });

      await expect(load).rejects.toEqual(code('MODEL_LOAD_FAILED'));
      await expect(load).rejects.toHaveProperty('cause');
    });

    it('gives every concurrent run on one session its own correct result', async () => {
      const session = await loadBytes(createAddModel());

      const results = await Promise.all(
        Array.from({ length: 16 }, (_, offset) => session.run(addFeeds(offset * 100))),
      );

      results.forEach((result, offset) => {
        const expected = [11, 22, 33, 44, 55, 66].map((value) => value + offset * 100);
        expect(plain(result['sum'])).toEqual(plain(f32(expected, [2, 3])));
      });
    });

    it('lets runs finish before a concurrent dispose() releases the session', async () => {
      const session = await loadBytes(createAddModel());

      const runs = [session.run(addFeeds()), session.run(addFeeds(1))];
      const disposed = session.dispose();

      await expect(Promise.all(runs)).resolves.toHaveLength(2);
      await disposed;
    });
  });
}
