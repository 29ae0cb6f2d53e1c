import type { ServerConfig } from '../config.js';
import type { WorkerPool } from '../inference/worker-pool.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';

/** What the routes share: configuration, the worker pool and the metrics. */
export interface AppContext {
  readonly config: ServerConfig;
  /** The id clients send as `model`. */
  readonly modelId: string;
  readonly pool: Pick<WorkerPool, 'info' | 'generate' | 'running' | 'waiting' | 'readySlots'>;
  readonly metrics: ServerMetrics;
  /** True once shutdown started: new requests get 503. */
  readonly isClosing: () => boolean;
}
