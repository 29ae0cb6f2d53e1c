import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { resolveLoad } from '@confu/node';
import { createApp } from './app.js';
import { ApiError } from './errors/api-error.js';
import type { ServerOptions } from './config.js';
import { resolveServerConfig } from './config.js';
import type { WorkerPool } from './inference/worker-pool.js';
import { createWorkerPool } from './inference/worker-pool.js';
import { createServerMetrics } from './metrics/server-metrics.js';

/** A listening server. */
export interface RunningServer {
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  /** The `model` value clients send. */
  readonly modelId: string;
  /** The local model directory (after hub resolution). */
  readonly modelPath: string;
  /**
   * Graceful shutdown: refuses new requests (503), lets running ones finish for up to
   * `shutdownTimeoutMs`, then ends the rest cleanly (an error event and `[DONE]`, or a 503),
   * waits for the workers to go idle and stops them. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Resolves the model (local path or hub id), starts the inference workers, and binds the HTTP
 * server — the only place that opens a port.
 * @throws ConfuError from model resolution or loading (`FILE_NOT_FOUND`, `INVALID_FILE`, ...),
 * `INVALID_ARGUMENT` for bad options; a Node error when the port is taken.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const config = resolveServerConfig(options);
  // Resolved once here (hub downloads included), so workers open local folders.
  const { kind, tree, autoTree } = config.draft;
  const resolved = await resolveLoad(
    config.model,
    { method: kind, ...(config.draft.model === undefined ? {} : { from: config.draft.model }) },
    config.hub,
  );
  const { model } = resolved;
  const modelId =
    config.servedModelName ?? (model.source === 'local' ? basename(model.path) : config.model);
  // Read at scrape time only, after the pool below exists.
  const metrics = createServerMetrics(() => workers);
  const workers: WorkerPool = await createWorkerPool({
    init: {
      modelPath: resolved.modelPath,
      draft: resolved.draft,
      tree: autoTree ? 'auto' : tree,
      numThreads:
        config.numThreads ?? Math.max(1, Math.floor(availableParallelism() / config.slots)),
      ...(config.cacheDirectory === undefined ? {} : { cacheDirectory: config.cacheDirectory }),
      ...(config.dtype === undefined ? {} : { dtype: config.dtype }),
    },
    slots: config.slots,
    maxQueue: config.maxQueue,
    requestTimeoutMs: config.requestTimeoutMs,
    watchdogGraceMs: config.watchdogGraceMs,
    observer: metrics,
    logger: config.logger,
  });
  let closing = false;
  const app = createApp({ config, modelId, pool: workers, metrics, isClosing: () => closing });
  const server = createServer(
    {
      requestTimeout: config.requestReceiveTimeoutMs,
      headersTimeout: config.headersTimeoutMs,
      // Node checks both timeouts every connectionsCheckingInterval (30 s by default), so a
      // 10 s header timeout acted at 30 s; checking every second makes them act on time.
      connectionsCheckingInterval: 1_000,
      keepAliveTimeout: 5_000,
      maxHeaderSize: 16_384,
    },
    getRequestListener(app.fetch, { overrideGlobalObjects: false }),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await workers.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const serverClosed = new Promise<void>((resolve) => server.once('close', resolve));
  let closed: Promise<void> | undefined;
  config.logger.info(
    `[confu-server] serving ${modelId} on http://${host}:${port} (${config.slots} slot(s), draft ${kind})`,
  );
  return {
    url: `http://${host}:${port}`,
    port,
    modelId,
    modelPath: model.path,
    close() {
      closed ??= (async () => {
        closing = true;
        server.close();
        await Promise.race([workers.drain(), delay(config.shutdownTimeoutMs)]);
        // Whatever still runs ends now, cleanly: streams get an error event and [DONE],
        // waiting non-stream requests a 503 (never a cut connection).
        workers.abortAll(shuttingDown());
        // Lets those responses flush; connections that went idle are closed as they do.
        const idle = setInterval(() => server.closeIdleConnections(), 20);
        await Promise.race([serverClosed, delay(1000)]);
        clearInterval(idle);
        server.closeAllConnections();
        // Workers are stopped once idle (an aborted round ends within one engine round), never
        // terminated inside an ONNX Runtime call.
        await workers.close();
        await serverClosed;
      })();
      return closed;
    },
  };
}

function shuttingDown(): ApiError {
  return new ApiError(503, 'the server is shutting down', {
    code: 'service_unavailable',
    headers: { 'retry-after': '1' },
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
