/** Headers of every SSE response: no caching, no proxy buffering. */
const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/**
 * Streams `data:` events from `events` (already-serialised JSON) and ends with `data: [DONE]`.
 * Idle gaps get `: keep-alive` comments. When the client goes away the stream is cancelled:
 * `onCancel` runs at once (to abort the generation), then the iterator is returned.
 */
export function sseResponse(
  events: AsyncGenerator<string, void>,
  options: { onCancel: () => void; keepAliveMs?: number },
): Response {
  const encoder = new TextEncoder();
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  let lastWrite = Date.now();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const interval = options.keepAliveMs ?? 15_000;
      keepAlive = setInterval(() => {
        if (Date.now() - lastWrite < interval) return;
        lastWrite = Date.now();
        try {
          controller.enqueue(encoder.encode(': keep-alive\n\n'));
        } catch {
          clearInterval(keepAlive); // the stream already ended
        }
      }, interval);
      keepAlive.unref();
    },
    async pull(controller) {
      const next = await events.next();
      lastWrite = Date.now();
      if (next.done) {
        clearInterval(keepAlive);
        controller.enqueue(encoder.encode('data: [DONE]\n\n'));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(`data: ${next.value}\n\n`));
    },
    async cancel() {
      clearInterval(keepAlive);
      options.onCancel();
      await events.return(undefined).catch(() => {});
    },
  });
  return new Response(stream, { status: 200, headers: sseHeaders });
}
