import { ConfuError } from '@confu/errors';
import type { ModelSession, RunOptions, Tensor } from '@confu/core';
import type * as Ort from 'onnxruntime-web';
import {
  checkRunArguments,
  errorMessage,
  fromOrtTensor,
  toOrtTensor,
} from '@confu/runtime-onnx-common';
import { SerialQueue } from './serial-queue.js';

/**
 * A {@link ModelSession} over an onnxruntime-web `InferenceSession`. Runs are queued, so
 * concurrent calls are safe and complete in call order; `dispose()` queues behind them.
 */
export class OnnxWebSession implements ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly #ort: typeof Ort;
  readonly #session: Ort.InferenceSession;
  readonly #queue = new SerialQueue();
  #disposed: Promise<void> | undefined;

  constructor(ort: typeof Ort, session: Ort.InferenceSession) {
    this.#ort = ort;
    this.#session = session;
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
    const ortFeeds: Record<string, Ort.Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds))
      ortFeeds[name] = toOrtTensor(this.#ort.Tensor, name, tensor);

    return this.#queue.enqueue(async () => {
      // The signal may have fired while earlier runs held the queue.
      signal?.throwIfAborted();
      let results: Ort.InferenceSession.ReturnType;
      try {
        // Passing `fetches` makes ORT compute and copy out only the requested outputs.
        results = await this.#session.run(ortFeeds, fetches, { logSeverityLevel: 3 });
      } catch (cause) {
        throw new ConfuError(
          'RUN_FAILED',
          `onnxruntime-web failed to run the model: ${errorMessage(cause)}`,
          { cause },
        );
      }
      const outputs: Record<string, Tensor> = {};
      for (const name of fetches) outputs[name] = fromOrtTensor(name, results[name] as Ort.Tensor);
      return outputs;
    });
  }

  dispose(): Promise<void> {
    this.#disposed ??= this.#queue.enqueue(async () => {
      try {
        await this.#session.release();
      } catch (cause) {
        throw new ConfuError(
          'RUN_FAILED',
          `onnxruntime-web failed to release the session: ${errorMessage(cause)}`,
          {
            cause,
          },
        );
      }
    });
    return this.#disposed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
