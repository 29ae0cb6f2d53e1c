import type { ModelSession, RunOptions, Tensor } from '@confu/core';
import { ConfuError } from '@confu/errors';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-common';
import { checkRunArguments } from './check-run-arguments.js';
import { errorMessage } from './error-message.js';
import { SerialQueue } from './serial-queue.js';
import { fromOrtTensor, toOrtTensor } from './tensor-conversion.js';

/** What {@link OrtSession} needs besides the engine's session. */
export interface OrtSessionOptions {
  /** The engine's package name, for error messages (`onnxruntime-node`, `onnxruntime-web`). */
  readonly engine: string;
  /** The engine's `Tensor` class. */
  readonly Tensor: typeof OrtTensor;
  /** onnxruntime's log severity for runs: 0 verbose … 4 fatal. */
  readonly logSeverityLevel: 0 | 1 | 2 | 3 | 4;
  /**
   * `concurrent`: runs start at once and `dispose()` waits for the started ones (onnxruntime-node
   * runs them one after another itself); `serial`: runs and `dispose()` are queued in call order
   * (overlapping runs are unsafe on onnxruntime-web's wasm and WebGPU backends).
   */
  readonly scheduling: 'concurrent' | 'serial';
}

/**
 * A {@link ModelSession} over an onnxruntime `InferenceSession` (onnxruntime-common's interface,
 * shared by the node and web engines): argument checks, zero-copy tensors, stable error codes.
 */
export class OrtSession implements ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly #session: InferenceSession;
  readonly #options: OrtSessionOptions;
  readonly #queue = new SerialQueue();
  readonly #inFlight = new Set<Promise<unknown>>();
  #disposed: Promise<void> | undefined;

  constructor(session: InferenceSession, options: OrtSessionOptions) {
    this.#session = session;
    this.#options = options;
    this.inputNames = [...session.inputNames];
    this.outputNames = [...session.outputNames];
  }

  async run(
    feeds: Readonly<Record<string, Tensor>>,
    options: RunOptions = {},
  ): Promise<Record<string, Tensor>> {
    if (this.#disposed) {
      throw new ConfuError(
        'SESSION_DISPOSED',
        'this session was disposed; load the model again to run it',
      );
    }
    const { signal } = options;
    signal?.throwIfAborted();
    const fetches = checkRunArguments(this.inputNames, this.outputNames, feeds, options.outputs);
    const ortFeeds: Record<string, OrtTensor> = {};
    for (const [name, tensor] of Object.entries(feeds))
      ortFeeds[name] = toOrtTensor(this.#options.Tensor, name, tensor);

    return this.#schedule(async () => {
      // A queued run may start after the signal fired.
      signal?.throwIfAborted();
      let results: InferenceSession.ReturnType;
      try {
        // Passing `fetches` makes ORT compute and copy out only the requested outputs.
        results = await this.#session.run(ortFeeds, fetches, {
          logSeverityLevel: this.#options.logSeverityLevel,
        });
      } catch (cause) {
        throw new ConfuError(
          'RUN_FAILED',
          `${this.#options.engine} failed to run the model: ${errorMessage(cause)}`,
          { cause },
        );
      }
      const outputs: Record<string, Tensor> = {};
      for (const name of fetches) outputs[name] = fromOrtTensor(name, results[name] as OrtTensor);
      return outputs;
    });
  }

  dispose(): Promise<void> {
    this.#disposed ??=
      this.#options.scheduling === 'serial'
        ? this.#queue.enqueue(() => this.#release())
        : // Releasing under a started run would fail it with an engine error; let it finish.
          Promise.allSettled(this.#inFlight).then(() => this.#release());
    return this.#disposed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  #schedule<T>(task: () => Promise<T>): Promise<T> {
    if (this.#options.scheduling === 'serial') return this.#queue.enqueue(task);
    const pending = task();
    this.#inFlight.add(pending);
    return pending.finally(() => this.#inFlight.delete(pending));
  }

  async #release(): Promise<void> {
    try {
      await this.#session.release();
    } catch (cause) {
      throw new ConfuError(
        'RUN_FAILED',
        `${this.#options.engine} failed to release the session: ${errorMessage(cause)}`,
        { cause },
      );
    }
  }
}
