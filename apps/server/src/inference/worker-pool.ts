import { ConfuError } from '@confu/errors';
import { ApiError } from '../errors/api-error.js';
import { RequestAbortedError, toApiError } from '../errors/to-api-error.js';
import { createEventChannel } from './event-channel.js';
import type { FromWorker, GenerateRequest, ModelInfo, WorkerInit } from './messages.js';
import type { GenerationEvent, GenerationObserver } from './generation-events.js';
import { WorkerSlot } from './worker-slot.js';

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions {
  readonly init: WorkerInit;
  /** Worker threads = concurrent generations. */
  readonly slots: number;
  /** Requests that may wait for a slot; beyond it, 429. */
  readonly maxQueue: number;
  readonly observer: GenerationObserver;
  readonly logger: Pick<Console, 'warn' | 'error'>;
}

/** Worker threads behind a bounded queue. */
export interface WorkerPool {
  readonly info: ModelInfo;
  /** Generations holding a slot (until their worker reports the end, abort included). */
  readonly running: number;
  readonly waiting: number;
  readonly readySlots: number;
  /**
   * Runs one request: waits for a slot (429 when the queue is full), then yields its events.
   * Aborting `signal`, or returning early from the iterator, cancels it within one engine round.
   * @throws ApiError (429, 503, 4xx for a bad prompt, 500), RequestAbortedError.
   */
  generate(request: GenerateRequest, signal: AbortSignal): AsyncGenerator<GenerationEvent, void>;
  /** Refuses new requests (503) and resolves once nothing is running or queued. */
  drain(): Promise<void>;
  /** Cancels everything and stops the workers. */
  close(): Promise<void>;
}

interface Waiter {
  resolve(slot: WorkerSlot): void;
  reject(error: unknown): void;
}

/** Starts `slots` workers and resolves once all loaded, or rejects with the first load error. */
export async function createWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  const { observer, logger } = options;
  const slots: WorkerSlot[] = [];
  const idle: WorkerSlot[] = [];
  const queue: Waiter[] = [];
  // When each slot's current generation was told to abort, to time the release.
  const abortedAt = new Map<WorkerSlot, number>();
  let closing = false;
  let serving = false;
  let nextId = 0;
  let drained: (() => void) | undefined;
  const events = {
    idle(slot: WorkerSlot) {
      const aborted = abortedAt.get(slot);
      if (aborted !== undefined) observer.abortReleased((performance.now() - aborted) / 1000);
      abortedAt.delete(slot);
      const waiter = queue.shift();
      if (waiter) waiter.resolve(slot);
      else idle.push(slot);
      if (closing && slots.every((candidate) => !candidate.isBusy)) drained?.();
    },
    died(slot: WorkerSlot, error: unknown) {
      remove(idle, slot);
      remove(slots, slot);
      abortedAt.delete(slot);
      if (closing || !serving) return; // a load failure at start fails the start instead
      if (!slots.some((candidate) => candidate.isReady)) {
        for (const waiter of queue.splice(0))
          waiter.reject(unavailable('no inference worker is running'));
      }
      logger.error(`[confu-server] inference worker died: ${String(error)}; starting a new one`);
      setTimeout(
        () =>
          !closing &&
          spawn().ready.catch((cause: unknown) =>
            logger.error(`[confu-server] worker restart failed: ${String(cause)}`),
          ),
        1000,
      ).unref();
    },
  };
  const spawn = (): WorkerSlot => {
    const slot = new WorkerSlot(options.init, events);
    slots.push(slot);
    return slot;
  };
  // The first worker loads alone: it fills the converted-graph cache that the others then
  // memory-map, instead of several threads converting the same checkpoint at once.
  const first = spawn();
  let info: ModelInfo;
  try {
    info = await first.ready;
    await Promise.all(Array.from({ length: options.slots - 1 }, () => spawn().ready));
    serving = true;
  } catch (error) {
    closing = true;
    await Promise.all([...slots].map((slot) => slot.terminate()));
    throw error;
  }

  const acquire = (signal: AbortSignal): Promise<WorkerSlot> => {
    const free = idle.shift();
    if (free) return Promise.resolve(free);
    if (queue.length >= options.maxQueue) {
      observer.rejected();
      throw new ApiError(
        429,
        `the server is busy (${slots.length} running, ${queue.length} queued); retry later`,
        {
          type: 'rate_limit_error',
          code: 'queue_full',
          headers: { 'retry-after': '1' },
        },
      );
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        remove(queue, waiter);
        reject(new RequestAbortedError());
      };
      const waiter: Waiter = {
        resolve: (slot) => (signal.removeEventListener('abort', onAbort), resolve(slot)),
        reject,
      };
      queue.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  };

  return {
    info,
    get running() {
      return slots.filter((slot) => slot.isBusy).length;
    },
    get waiting() {
      return queue.length;
    },
    get readySlots() {
      return slots.filter((slot) => slot.isReady).length;
    },
    async *generate(request, signal) {
      const arrived = performance.now();
      if (closing) throw unavailable('the server is shutting down');
      if (signal.aborted) throw new RequestAbortedError();
      const slot = await acquire(signal);
      observer.started((performance.now() - arrived) / 1000);
      const id = ++nextId;
      const channel = createEventChannel<FromWorker>();
      slot.start(id, request, channel);
      const abort = (): void => {
        if (!slot.isRunning(id)) return;
        if (!abortedAt.has(slot)) abortedAt.set(slot, performance.now());
        slot.abort(id);
      };
      signal.addEventListener('abort', abort, { once: true });
      let ended = false;
      let last = arrived;
      try {
        for await (const message of channel) {
          if (message.type === 'prepared') {
            yield { type: 'prepared', promptTokens: message.promptTokens };
          } else if (message.type === 'delta') {
            const now = performance.now();
            if (last === arrived) observer.firstToken((now - arrived) / 1000);
            else observer.tokens(message.tokens, (now - last) / 1000);
            last = now;
            yield { type: 'delta', text: message.text, tokens: message.tokens };
          } else if (message.type === 'done') {
            ended = true;
            const { finishReason, promptTokens, completionTokens, speculation } = message;
            observer.finished({
              finishReason,
              promptTokens,
              completionTokens,
              speculation,
              seconds: (performance.now() - arrived) / 1000,
            });
            yield { type: 'done', finishReason, promptTokens, completionTokens, speculation };
          } else if (message.type === 'aborted') {
            ended = true;
            observer.aborted();
            throw new RequestAbortedError();
          } else if (message.type === 'error') {
            ended = true;
            const { code, message: text, param } = message.error;
            if (code === 'INTERNAL') logger.error(`[confu-server] generation failed: ${text}`);
            const apiError = toApiError(
              code === 'INTERNAL' ? new Error(text) : new ConfuError(code, text),
              param,
            );
            if (apiError.status >= 500) observer.failed();
            throw apiError;
          }
        }
      } catch (error) {
        if (!ended && !(error instanceof RequestAbortedError)) observer.failed();
        ended = true;
        throw error;
      } finally {
        signal.removeEventListener('abort', abort);
        if (!ended) {
          abort(); // the consumer stopped reading: free the slot within one round
          observer.aborted();
        }
      }
    },
    drain() {
      closing = true;
      for (const waiter of queue.splice(0))
        waiter.reject(unavailable('the server is shutting down'));
      if (slots.every((slot) => !slot.isBusy)) return Promise.resolve();
      return new Promise((resolve) => (drained = resolve));
    },
    async close() {
      closing = true;
      for (const waiter of queue.splice(0))
        waiter.reject(unavailable('the server is shutting down'));
      await Promise.all([...slots].map((slot) => slot.terminate()));
    },
  };
}

function unavailable(message: string): ApiError {
  return new ApiError(503, message, {
    code: 'service_unavailable',
    headers: { 'retry-after': '1' },
  });
}

function remove<T>(items: T[], item: T): void {
  const index = items.indexOf(item);
  if (index !== -1) items.splice(index, 1);
}
