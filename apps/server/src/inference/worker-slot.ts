import type { Worker } from 'node:worker_threads';
import { ConfuError } from '@confu/errors';
import { ApiError } from '../errors/api-error.js';
import type { EventChannel } from './event-channel.js';
import type { FromWorker, GenerateRequest, ModelInfo, WorkerInit } from './messages.js';
import { spawnInferenceWorker } from './spawn-worker.js';

/** Callbacks of a {@link WorkerSlot} to its pool. */
export interface SlotEvents {
  /** The slot finished a generation (or became ready) and can take the next one. */
  idle(slot: WorkerSlot): void;
  /** The worker thread died; the slot is unusable. */
  died(slot: WorkerSlot, error: unknown): void;
}

const terminal = new Set(['done', 'error', 'aborted']);

/** One worker thread: one generation at a time, messages routed to that generation's channel. */
export class WorkerSlot {
  readonly ready: Promise<ModelInfo>;
  private readonly worker: Worker;
  private active: { readonly id: number; readonly channel: EventChannel<FromWorker> } | undefined;
  private state: 'loading' | 'ready' | 'dead' = 'loading';

  constructor(init: WorkerInit, events: SlotEvents) {
    this.worker = spawnInferenceWorker(init);
    let settle: { resolve(info: ModelInfo): void; reject(error: unknown): void } | undefined;
    this.ready = new Promise((resolve, reject) => (settle = { resolve, reject }));
    this.ready.catch(() => {}); // observed by the pool; avoids an unhandled rejection meanwhile
    const die = (error: unknown): void => {
      if (this.state === 'dead') return;
      this.state = 'dead';
      settle?.reject(error);
      this.active?.channel.fail(
        new ApiError(500, 'the inference worker stopped unexpectedly', {
          code: 'worker_died',
          cause: error,
        }),
      );
      this.active = undefined;
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
      } else if (this.active?.id === message.id) {
        const { channel } = this.active;
        channel.push(message);
        if (terminal.has(message.type)) {
          this.active = undefined;
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

  isRunning(id: number): boolean {
    return this.active?.id === id;
  }

  start(id: number, request: GenerateRequest, channel: EventChannel<FromWorker>): void {
    this.active = { id, channel };
    this.worker.postMessage({ type: 'generate', id, request });
  }

  abort(id: number): void {
    if (this.isRunning(id)) this.worker.postMessage({ type: 'abort', id });
  }

  async terminate(): Promise<void> {
    this.state = 'dead';
    await this.worker.terminate();
  }
}
