import { ConfuError } from '@confu/errors';
import type { TensorRuntime } from '@confu/core';
import type * as Ort from 'onnxruntime-node';
import {
  OrtSession,
  checkSourceKind,
  errorMessage,
  graphOptimizationLevel,
  lazyEngine,
  ortRuntime,
} from '@confu/runtime-onnx-common';

/** Options of {@link createOnnxNodeRuntime}. */
export interface OnnxNodeRuntimeOptions {
  /**
   * Intra-op threads for every session, unless `loadModel()` passes its own `numThreads`.
   * Default: onnxruntime's choice (one per physical core).
   */
  readonly numThreads?: number;
  /**
   * onnxruntime's log severity for sessions and runs: 0 verbose … 3 error, 4 fatal. Default 3.
   * Level 3 still prints kernel errors to stderr; pass 4 to silence them.
   */
  readonly logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  /**
   * Let idle intra-op threads spin after a run. Default false: speculative decoding alternates a
   * draft and a target session, and threads spinning in one starve the other on a small machine.
   */
  readonly allowSpinning?: boolean;
}

function checkThreads(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be a positive integer, got ${value}`,
    );
  }
}

/**
 * Creates the onnxruntime-node (native CPU) {@link TensorRuntime}, named `onnx-node`. Node only.
 *
 * - `loadModel({ kind: 'path' })` lets onnxruntime memory-map the model and the external-data
 *   files beside it: the cheapest way to load large weights.
 * - `loadModel({ kind: 'bytes', model, externalData })` passes `externalData` as in-memory files;
 *   each `path` must equal the `location` written in the model.
 * - Tensors are wrapped without copying (`int64` as `BigInt64Array`, `bool` as one byte each).
 *
 * Inference is synchronous inside onnxruntime's `run()`: it blocks the event loop for the whole
 * forward pass. Servers and other latency-sensitive hosts should run sessions in `worker_threads`.
 *
 * Nothing is loaded until the first `loadModel()`, which imports the native binding.
 * @throws ConfuError `INVALID_ARGUMENT` for an invalid option.
 */
export function createOnnxNodeRuntime(options: OnnxNodeRuntimeOptions = {}): TensorRuntime {
  checkThreads(options.numThreads, 'numThreads');
  const logSeverityLevel = options.logSeverityLevel ?? 3;
  if (![0, 1, 2, 3, 4].includes(logSeverityLevel)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`logSeverityLevel\` must be 0, 1, 2, 3 or 4, got ${logSeverityLevel}`,
    );
  }
  const loadOrt = lazyEngine(
    (): Promise<typeof Ort> => import('onnxruntime-node'),
    (message) =>
      `onnxruntime-node could not be loaded: ${message}. Check that its native binary for ${process.platform}/${process.arch} is installed`,
  );

  return ortRuntime('onnx-node', async (source, loadOptions = {}) => {
    const numThreads = loadOptions.numThreads ?? options.numThreads;
    checkThreads(numThreads, 'numThreads');
    const level = graphOptimizationLevel(loadOptions);
    checkSourceKind(source);
    const ort = await loadOrt();
    const sessionOptions: Ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: level,
      logSeverityLevel,
      executionMode: 'sequential',
      ...(numThreads !== undefined && { intraOpNumThreads: numThreads }),
      extra: {
        session: {
          intra_op: {
            allow_spinning:
              (loadOptions.allowSpinning ?? options.allowSpinning) === true ? '1' : '0',
          },
        },
      },
    };
    let session: Ort.InferenceSession;
    try {
      session =
        source.kind === 'path'
          ? await ort.InferenceSession.create(source.path, sessionOptions)
          : await ort.InferenceSession.create(source.model, {
              ...sessionOptions,
              externalData: source.externalData ?? [],
            });
    } catch (cause) {
      const from = source.kind === 'path' ? `\`${source.path}\`` : 'bytes';
      throw new ConfuError(
        'MODEL_LOAD_FAILED',
        `onnxruntime-node could not load the model from ${from}: ${errorMessage(cause)}`,
        {
          cause,
        },
      );
    }
    return new OrtSession(session, {
      engine: 'onnxruntime-node',
      Tensor: ort.Tensor,
      logSeverityLevel,
      scheduling: 'concurrent',
    });
  });
}
