/**
 * Runs async tasks one at a time, in call order. onnxruntime-web is not safe for overlapping
 * runs or loads on wasm / WebGPU (transformers.js chains them for the same reason).
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Starts `task` after every task enqueued before it has settled. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    // A failed task must not block or fail the ones behind it.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
