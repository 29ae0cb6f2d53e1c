/** A one-consumer async queue: producers push, the consumer iterates until end or failure. */
export interface EventChannel<T> extends AsyncIterable<T> {
  push(value: T): void;
  end(): void;
  fail(error: unknown): void;
}

/** Creates an {@link EventChannel}; values pushed before iteration are buffered. */
export function createEventChannel<T>(): EventChannel<T> {
  const buffered: T[] = [];
  let closed: { error?: unknown; failed: boolean } | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  return {
    push(value) {
      if (closed) return;
      buffered.push(value);
      notify();
    },
    end() {
      closed ??= { failed: false };
      notify();
    },
    fail(error) {
      closed ??= { error, failed: true };
      notify();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const value = buffered.shift();
        if (value !== undefined) {
          yield value;
          continue;
        }
        if (closed?.failed) throw closed.error;
        if (closed) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
