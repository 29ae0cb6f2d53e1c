import { ConfuError } from '@confu/errors';
import type { ModelSession, RunOptions, Tensor } from '@confu/core';
import type * as Ort from 'onnxruntime-node';
import {
  checkRunArguments,
  errorMessage,
  fromOrtTensor,
  toOrtTensor,
} from '@confu/runtime-onnx-common';

/**
 * A {@link ModelSession} over an onnxruntime-node `InferenceSession`. Concurrent runs are allowed
 * (the binding runs them one after another on the main thread); `dispose()` waits for them.
 */
export class OnnxNodeSession implements ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly #ort: typeof Ort;
  readonly #session: Ort.InferenceSession;
  readonly #logSeverityLevel: 0 | 1 | 2 | 3 | 4;
  readonly #inFlight = new Set<Promise<unknown>>();
  #disposed: Promise<void> | undefined;

  constructor(ort: typeof Ort, session: Ort.InferenceSession, logSeverityLevel: 0 | 1 | 2 | 3 | 4) {
    this.#ort = ort;
    this.#session = session;
    this.#logSeverityLevel = logSeverityLevel;
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
    options.signal?.throwIfAborted();
    const fetches = checkRunArguments(this.inputNames, this.outputNames, feeds, options.outputs);
    const ortFeeds: Record<string, Ort.Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds))
      ortFeeds[name] = toOrtTensor(this.#ort.Tensor, name, tensor);

    // Passing `fetches` makes ORT compute and copy out only the requested outputs.
    const pending = this.#session.run(ortFeeds, fetches, {
      logSeverityLevel: this.#logSeverityLevel,
    });
    this.#inFlight.add(pending);
    let results: Ort.InferenceSession.ReturnType;
    try {
      results = await pending;
    } catch (cause) {
      throw new ConfuError(
        'RUN_FAILED',
        `onnxruntime-node failed to run the model: ${errorMessage(cause)}`,
        { cause },
      );
    } finally {
      this.#inFlight.delete(pending);
    }
    const outputs: Record<string, Tensor> = {};
    for (const name of fetches) outputs[name] = fromOrtTensor(name, results[name] as Ort.Tensor);
    return outputs;
  }

  dispose(): Promise<void> {
    this.#disposed ??= this.#release();
    return this.#disposed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  async #release(): Promise<void> {
    // Releasing under a queued run would fail it with an engine error; let started runs finish.
    await Promise.allSettled(this.#inFlight);
    try {
      await this.#session.release();
    } catch (cause) {
      throw new ConfuError(
        'RUN_FAILED',
        `onnxruntime-node failed to release the session: ${errorMessage(cause)}`,
        {
          cause,
        },
      );
    }
  }
}
