import { ConfuError } from '@confu/errors';
import type { TensorRuntime } from '@confu/core';
import type * as Ort from 'onnxruntime-web';
import { createSessionOnDevices } from './internal/create-session-on-devices.js';
import { defaultDevices } from './internal/default-devices.js';
import {
  OrtSession,
  SerialQueue,
  checkSourceKind,
  graphOptimizationLevel,
  lazyEngine,
  ortRuntime,
} from '@confu/runtime-onnx-common';
import type { OnnxWebDevice } from './onnx-web-device.js';

/** Options of {@link createOnnxWebRuntime}. */
export interface OnnxWebRuntimeOptions {
  /**
   * Execution providers tried in order; the first that creates the session wins.
   * Default: `['wasm']` under Node, `['webgpu', 'wasm']` elsewhere.
   */
  readonly devices?: readonly OnnxWebDevice[];
  /**
   * URL prefix the onnxruntime-web `.wasm` / `.mjs` files are served from (`env.wasm.wasmPaths`).
   * Default: next to the bundled onnxruntime-web script.
   */
  readonly wasmPaths?: string;
  /**
   * Size of the wasm thread pool (`env.wasm.numThreads`). Default 1: each extra thread adds about
   * 250 µs per run and needs cross-origin isolation in browsers.
   */
  readonly numThreads?: number;
}

const devicesKnown: ReadonlySet<string> = new Set<OnnxWebDevice>(['webgpu', 'wasm']);

/**
 * Creates the onnxruntime-web {@link TensorRuntime} (WebGPU or wasm), named `onnx-web`. Runs in
 * browsers, workers and Node (wasm only there).
 *
 * - Only `{ kind: 'bytes' }` sources load; pass external data as in-memory files whose `path`
 *   equals the `location` written in the model.
 * - `run()` calls on one session are queued: concurrent runs are unsafe on wasm and WebGPU.
 * - Device fallback: each of `devices` is tried in order; a device whose backend fails to
 *   initialise is remembered and skipped by later loads.
 * - `wasmPaths` and `numThreads` set onnxruntime-web's process-wide `env.wasm`, which is read once
 *   when the wasm module first initialises: the first runtime to load a model decides them, and
 *   `LoadModelOptions.numThreads` is ignored.
 * - wasm inference runs on the calling thread and blocks it for the whole forward pass; load
 *   models in a Web Worker (or `worker_threads`) to keep a page or server responsive.
 *
 * Nothing happens until the first `loadModel()`, which imports onnxruntime-web.
 * @param globalObject The global object the default `devices` are chosen from (injectable for tests).
 * @throws ConfuError `INVALID_ARGUMENT` for an invalid option.
 */
export function createOnnxWebRuntime(
  options: OnnxWebRuntimeOptions = {},
  globalObject: object = globalThis,
): TensorRuntime {
  const devices = [...new Set(options.devices ?? defaultDevices(globalObject))];
  if (devices.length === 0 || devices.some((device) => !devicesKnown.has(device))) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`devices\` must be a non-empty list of 'webgpu' and 'wasm', got [${devices.join(', ')}]`,
    );
  }
  const numThreads = options.numThreads ?? 1;
  if (!Number.isInteger(numThreads) || numThreads < 1) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`numThreads\` must be a positive integer, got ${numThreads}`,
    );
  }
  const unavailable = new Map<OnnxWebDevice, Error>();
  // Session creation is serialised too: wasm initialisation and WebGPU device setup are not
  // safe to overlap.
  const loads = new SerialQueue();
  const importOrt = lazyEngine(
    (): Promise<typeof Ort> => import('onnxruntime-web'),
    (message) => `onnxruntime-web could not be imported: ${message}`,
  );
  const loadOrt = (): Promise<typeof Ort> =>
    importOrt().then((ort) => {
      ort.env.wasm.numThreads = numThreads;
      if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths;
      return ort;
    });

  return ortRuntime('onnx-web', async (source, loadOptions = {}) => {
    if (source.kind === 'path') {
      throw new ConfuError(
        'UNSUPPORTED',
        `onnx-web cannot load a model from a path (\`${source.path}\`): read the file and pass ` +
          "`{ kind: 'bytes', model, externalData }` instead",
      );
    }
    checkSourceKind(source);
    const level = graphOptimizationLevel(loadOptions);
    const ort = await loadOrt();
    const session = await loads.enqueue(() =>
      createSessionOnDevices({ ort, devices, unavailable }, source.model, {
        graphOptimizationLevel: level,
        logSeverityLevel: 3,
        externalData: source.externalData ?? [],
      }),
    );
    return new OrtSession(session, {
      engine: 'onnxruntime-web',
      Tensor: ort.Tensor,
      logSeverityLevel: 3,
      scheduling: 'serial',
    });
  });
}
