/**
 * Resolves after one macrotask turn, so that messages queued for this thread (an `abort`) are
 * handled. ONNX Runtime's wasm runs settle through microtasks only: without this, a generation
 * would hold the worker until it ends. A `MessageChannel` message, unlike `setTimeout`, is not
 * clamped to 4 ms.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
