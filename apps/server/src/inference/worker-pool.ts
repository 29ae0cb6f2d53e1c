import { ConfuError } from '@confu/errors';
import { ApiError } from '../errors/api-error.js';
import { RequestAbortedError, toApiError } from '../errors/to-api-error.js';
import { createEventChannel } from './event-channel.js';
import type { FromWorker, GenerateRequest, ModelInfo, WorkerInit } from './messages.js';
import type { GenerationEvent, GenerationObserver } from './generation-events.js';
import { startWatchdog } from './watchdog.js';
import { WorkerSlot } from './worker-slot.js';

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions {
  readonly init: Omit<WorkerInit, 'nativeCalls'>;
  /** Worker threads = concurrent generations. */
  readonly slots: number;
  /** Requests that may wait for a slot; beyond it, 429. */
  readonly maxQueue: number;
  /** Per-request deadline from arrival (queue included); then `DEADLINE_EXCEEDED`. */
  readonly requestTimeoutMs: number;
  /** How long a worker may take to end an aborted generation before it is replaced. */
  readonly watchdogGraceMs: number;
  readonly observer: GenerationObserver;
  readonly logger: Pick<Console, 'warn' | 'error'>;
}

/** Worker threads behind a bounded queue, with deadlines and a watchdog. */
export interface WorkerPool {
  readonly info: ModelInfo;
  /** Generations holding a slot (until their worker reports the end, abort included). */
  readonly running: number;
  readonly waiting: number;
  readonly readySlots: number;
  /**
   * Runs one request: waits for a slot (429 when the queue is full), then yields its events.
   * Aborting `signal`, or returning early from the iterator, cancels it within one engine round.
   * @throws ApiError (429, 503, 4xx for a bad prompt, 500), ConfuError `DEADLINE_EXCEEDED`,
   * RequestAbortedError.
   */
  generate(request: GenerateRequest, signal: AbortSignal): AsyncGenerator<GenerationEvent, void>;
  /** Refuses new requests (503) and resolves once nothing is running or queued. */
  drain(): Promise<void>;
  /**
   * Ends every running generation now with `error` (their clients get it: an error event and
   * `[DONE]`, or an error response) and tells the workers to stop them.
   */
  abortAll(error: unknown): void;
  /**
   * Cancels everything, waits for the workers to go idle (at most the watchdog grace, then a
   * stuck one is terminated outside ONNX Runtime) and stops them.
   */
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
  let settled: (() => void) | undefined;
  const checkDrained = (): void => {
    if (slots.every((candidate) => !candidate.isBusy)) {
      if (closing) drained?.();
      settled?.();
    }
  };
  const events = {
    idle(slot: WorkerSlot) {
      const aborted = abortedAt.get(slot);
      if (aborted !== undefined) observer.abortReleased((performance.now() - aborted) / 1000);
      abortedAt.delete(slot);
      const waiter = closing ? undefined : queue.shift();
      if (waiter) waiter.resolve(slot);
      else idle.push(slot);
      checkDrained();
    },
    died(slot: WorkerSlot, error: unknown) {
      if (!slots.includes(slot)) return; // replaced or stopped on purpose
      remove(idle, slot);
      remove(slots, slot);
      abortedAt.delete(slot);
      checkDrained();
      if (closing || !serving) return; // a load failure at start fails the start instead
      rejectQueueIfNoWorker();
      logger.error(`[confu-server] inference worker died: ${String(error)}; starting a new one`);
      setTimeout(() => !closing && respawn(), 1000).unref();
    },
  };
  const spawn = (): WorkerSlot => {
    const slot = new WorkerSlot(options.init, events);
    slots.push(slot);
    return slot;
  };
  const respawn = (): void => {
    spawn().ready.catch((cause: unknown) =>
      logger.error(`[confu-server] worker restart failed: ${String(cause)}`),
    );
  };
  const rejectQueueIfNoWorker = (): void => {
    if (slots.some((candidate) => candidate.isReady)) return;
    for (const waiter of queue.splice(0))
      waiter.reject(unavailable('no inference worker is running'));
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
    await Promise.all([...slots].map((slot) => slot.kill(error)));
    throw error;
  }

  // A worker that has not ended an aborted generation within the grace is stuck (a hostile
  // tokenizer regex, a template): it is terminated outside ONNX Runtime and replaced; other
  // slots and their streams are not touched.
  const replace = (slot: WorkerSlot): void => {
    remove(idle, slot);
    remove(slots, slot);
    abortedAt.delete(slot);
    observer.workerReplaced();
    logger.error(
      `[confu-server] an inference worker did not end an aborted generation within ${options.watchdogGraceMs} ms; replacing it`,
    );
    slot
      .kill(unavailable('the inference worker stopped responding and was replaced'))
      .catch((error: unknown) =>
        logger.error(`[confu-server] worker kill failed: ${String(error)}`),
      );
    checkDrained();
    if (!closing) respawn();
    else rejectQueueIfNoWorker();
  };
  const watchdog = startWatchdog({
    slots: () => slots,
    graceMs: options.watchdogGraceMs,
    onStuck: replace,
  });

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
        reject(signal.reason instanceof ConfuError ? signal.reason : new RequestAbortedError());
      };
      const waiter: Waiter = {
        resolve: (slot) => (signal.removeEventListener('abort', onAbort), resolve(slot)),
        reject: (error) => (signal.removeEventListener('abort', onAbort), reject(error)),
      };
      queue.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  };

  function abortAll(error: unknown): void {
    closing = true;
    for (const waiter of queue.splice(0)) waiter.reject(error);
    for (const slot of slots) {
      if (slot.isBusy && !abortedAt.has(slot)) abortedAt.set(slot, performance.now());
      slot.failActive(error);
    }
  }

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
    async *generate(request, clientSignal) {
      const arrived = performance.now();
      if (closing) throw unavailable('the server is shutting down');
      if (clientSignal.aborted) throw new RequestAbortedError();
      const deadline = new AbortController();
      const timer = setTimeout(() => {
        observer.deadlineExceeded();
        deadline.abort(
          new ConfuError(
            'DEADLINE_EXCEEDED',
            `the request did not finish within the server's ${options.requestTimeoutMs / 1000} s deadline`,
          ),
        );
      }, options.requestTimeoutMs);
      timer.unref();
      const signal = AbortSignal.any([clientSignal, deadline.signal]);
      let slot: WorkerSlot | undefined;
      let id = 0;
      let ended = false;
      const abort = (): void => {
        if (!slot?.isRunning(id)) return;
        if (!abortedAt.has(slot)) abortedAt.set(slot, performance.now());
        if (deadline.signal.aborted) slot.failActive(deadline.signal.reason);
        else slot.abort(id);
      };
      try {
        slot = await acquire(signal);
        observer.started((performance.now() - arrived) / 1000);
        id = ++nextId;
        const channel = createEventChannel<FromWorker>();
        slot.start(id, request, channel);
        signal.addEventListener('abort', abort, { once: true });
        let last = arrived;
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
            if (deadline.signal.aborted) throw deadline.signal.reason;
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
        const known = error instanceof RequestAbortedError || ConfuError.isInstance(error);
        if (!ended && !known && !(error instanceof ApiError && error.status === 503))
          observer.failed();
        ended = true;
        throw error;
      } finally {
        clearTimeout(timer);
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
    abortAll,
    async close() {
      const error = unavailable('the server is shutting down');
      abortAll(error);
      // Busy workers end their generation within one round; the watchdog replaces a stuck one.
      if (slots.some((slot) => slot.isBusy)) {
        await new Promise<void>((resolve) => (settled = resolve));
      }
      watchdog.stop();
      await Promise.all([...slots].map((slot) => slot.stop(error)));
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
