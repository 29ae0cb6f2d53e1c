import type { Tensor } from './tensor.js';

/** A file that an ONNX model references as external data, by its `location`. */
export interface ExternalDataFile {
  /** Must equal the `location` written in the model's TensorProtos. */
  readonly path: string;
  readonly data: Uint8Array;
}

/**
 * Where a model comes from.
 * - `path`: a file path; weights in external-data files beside it are memory-mapped.
 *   Supported by `onnx-node` only (the browser has no file system).
 * - `bytes`: the serialised model plus its external data, held in memory. All adapters.
 */
export type ModelSource =
  | { readonly kind: 'path'; readonly path: string }
  | {
      readonly kind: 'bytes';
      readonly model: Uint8Array;
      readonly externalData?: readonly ExternalDataFile[];
    };

/** Options for {@link TensorRuntime.loadModel}. */
export interface LoadModelOptions {
  /** Intra-op threads. Default: the adapter's choice (all cores on node, 1 on web). */
  readonly numThreads?: number;
  /** Graph optimisation level. Default `'all'`. */
  readonly graphOptimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /**
   * Let idle intra-op threads spin after a run (faster next run, CPU burnt meanwhile). Default:
   * the adapter's choice. Adapters without thread pools ignore it.
   */
  readonly allowSpinning?: boolean;
}

/** Options for {@link ModelSession.run}. */
export interface RunOptions {
  /** Checked before the run starts; an aborted signal rejects with its reason. */
  readonly signal?: AbortSignal;
  /** Output names to fetch. Default: every output. */
  readonly outputs?: readonly string[];
}

/** A loaded model. Runs are serialised by the adapter where the engine requires it. */
export interface ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /**
   * Runs the model. Feeds are wrapped without copying.
   * @throws ConfuError `INVALID_ARGUMENT` (unknown feed or output name), `SESSION_DISPOSED`,
   * `RUN_FAILED` (engine failure, with the engine's error as `cause`).
   */
  run(
    feeds: Readonly<Record<string, Tensor>>,
    options?: RunOptions,
  ): Promise<Record<string, Tensor>>;
  /** Releases the session; idempotent. */
  dispose(): Promise<void>;
  /** Alias of `dispose()` so consumers can write `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The backend-neutral inference contract. Implemented by `@confu/runtime-onnx-node` and
 * `@confu/runtime-onnx-web`; core packages receive one and never import an adapter.
 */
export interface TensorRuntime {
  /** Bumped only with a major release of @confu/runtime. */
  readonly specificationVersion: 'v1';
  /** Stable identifier, e.g. `onnx-node`, `onnx-web`. */
  readonly name: string;
  /**
   * Creates a session.
   * @throws ConfuError `MODEL_LOAD_FAILED` (with the engine's error as `cause`),
   * `UNSUPPORTED` (a source kind the adapter cannot load), `RUNTIME_UNAVAILABLE`.
   */
  loadModel(source: ModelSource, options?: LoadModelOptions): Promise<ModelSession>;
}

/**
 * How a model's matrices are stored for inference: float32, float16, or block-quantised 8 / 4 bit
 * integers with a scale per block of 32 (norms and small vectors stay float32).
 */
export type ModelDtype = 'fp32' | 'fp16' | 'q8' | 'q4';
