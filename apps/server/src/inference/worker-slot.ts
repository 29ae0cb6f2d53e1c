import type { Worker } from 'node:worker_threads';
import { ConfuError } from '@confu/errors';
import { ApiError } from '../errors/api-error.js';
import type { EventChannel } from './event-channel.js';
import type { FromWorker, GenerateRequest, ModelInfo, WorkerInit } from './messages.js';
import { createNativeCallFlag, outsideNativeCall } from './native-calls.js';
import { spawnInferenceWorker } from './spawn-worker.js';

/** Callbacks of a {@link WorkerSlot} to its pool. */
export interface SlotEvents {
  /** The slot finished a generation (or became ready) and can take the next one. */
  idle(slot: WorkerSlot): void;
  /** The worker thread died; the slot is unusable. */
  died(slot: WorkerSlot, error: unknown): void;
}

const terminal = new Set(['done', 'error', 'aborted']);

/** How long a stopping worker may take to dispose its sessions and exit by itself. */
const exitGraceMs = 2000;

/**
 * One worker thread: one generation at a time, messages routed to that generation's channel.
 * The thread is only ever terminated outside ONNX Runtime calls (see `native-calls.ts`).
 */
export class WorkerSlot {
  readonly ready: Promise<ModelInfo>;
  private readonly worker: Worker;
  private readonly nativeCalls: Int32Array;
  private readonly exited: Promise<void>;
  private active: { readonly id: number; readonly channel: EventChannel<FromWorker> } | undefined;
  private state: 'loading' | 'ready' | 'dead' = 'loading';
  /** `performance.now()` when the running generation was told to abort, until it ends. */
  private abortSentAt: number | undefined;

  constructor(init: Omit<WorkerInit, 'nativeCalls'>, events: SlotEvents) {
    this.nativeCalls = createNativeCallFlag();
    this.worker = spawnInferenceWorker({ ...init, nativeCalls: this.nativeCalls });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    let settle: { resolve(info: ModelInfo): void; reject(error: unknown): void } | undefined;
    this.ready = new Promise((resolve, reject) => (settle = { resolve, reject }));
    this.ready.catch(() => {}); // observed by the pool; avoids an unhandled rejection meanwhile
    const die = (error: unknown): void => {
      if (this.state === 'dead') return;
      this.state = 'dead';
      settle?.reject(error);
      this.endActive(
        new ApiError(500, 'the inference worker stopped unexpectedly', {
          code: 'worker_died',
          cause: error,
        }),
      );
      events.died(this, error);
    };
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        this.state = 'ready';
        settle?.resolve(message.info);
        events.idle(this);
      } else if (message.type === 'load-error') {
        die(
          new ConfuError(
            message.error.code === 'INTERNAL' ? 'MODEL_LOAD_FAILED' : message.error.code,
            message.error.message,
          ),
        );
      } else if (this.active?.id === message.id && this.state !== 'dead') {
        const { channel } = this.active;
        channel.push(message);
        if (terminal.has(message.type)) {
          this.active = undefined;
          this.abortSentAt = undefined;
          channel.end();
          events.idle(this);
        }
      }
    });
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`inference worker exited with code ${code}`)));
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  get isBusy(): boolean {
    return this.active !== undefined;
  }

  /** Milliseconds since the running generation was told to abort; undefined when it was not. */
  abortPendingMs(now = performance.now()): number | undefined {
    return this.abortSentAt === undefined ? undefined : now - this.abortSentAt;
  }

  isRunning(id: number): boolean {
    return this.active?.id === id;
  }

  start(id: number, request: GenerateRequest, channel: EventChannel<FromWorker>): void {
    this.active = { id, channel };
    this.abortSentAt = undefined;
    this.worker.postMessage({ type: 'generate', id, request });
  }

  /** Tells the worker to stop generation `id` (it answers `aborted` within one engine round). */
  abort(id: number): void {
    if (!this.isRunning(id) || this.state === 'dead') return;
    this.abortSentAt ??= performance.now();
    this.worker.postMessage({ type: 'abort', id });
  }

  /**
   * Ends the running generation's event stream with `error` now (shutdown, deadline) and tells
   * the worker to abort it; the slot stays busy until the worker confirms.
   */
  failActive(error: unknown): void {
    const active = this.active;
    if (!active) return;
    active.channel.fail(error);
    this.abort(active.id);
  }

  /**
   * Stops the worker: asks it to dispose its sessions and exit, and after {@link exitGraceMs}
   * terminates it — but only outside an ONNX Runtime call. A running generation's stream is
   * ended with `error`.
   */
  async stop(error: unknown): Promise<void> {
    if (this.state !== 'dead') {
      this.state = 'dead';
      this.endActive(error);
      this.worker.postMessage({ type: 'exit' });
    }
    const timer = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), exitGraceMs).unref(),
    );
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      await outsideNativeCall(this.nativeCalls);
      await this.worker.terminate();
    }
  }

  /**
   * Replaces nothing by itself: terminates a worker that stopped responding (stuck in JavaScript,
   * e.g. a catastrophic tokenizer regex), as soon as it is outside ONNX Runtime, after ending its
   * generation's stream with `error`.
   */
  async kill(error: unknown): Promise<void> {
    this.state = 'dead';
    this.endActive(error);
    await outsideNativeCall(this.nativeCalls);
    await this.worker.terminate();
  }

  private endActive(error: unknown): void {
    this.active?.channel.fail(error);
    this.active = undefined;
    this.abortSentAt = undefined;
  }
}
