import { ConfuError } from '@confu/errors';
import type { ResolveModelOptions } from '@confu/hub';
import { defaultTreeOptions } from '@confu/node';
import type { DraftKind, ModelDtype, TreeOptions } from '@confu/node';

/** Where the server writes its log lines. */
export type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

/** Options of `startServer`. Everything but `model` has a default. */
export interface ServerOptions {
  /** Local model directory or hub id (`owner/name[/folder]`), resolved with `@confu/hub`. */
  readonly model: string;
  /** The `model` clients must send. Default: the hub id, or the local folder's name. */
  readonly servedModelName?: string;
  /** Speculative decoding for every request (a request may override it). Default `none`. */
  readonly draft?: {
    readonly kind: DraftKind;
    /**
     * Draft head or small LM: local directory, hub id, or `random:<seed>` (untrained head, tests).
     * Default for heads: the model's own (`<model>/eagle3/`, `<model>/confu/`).
     */
    readonly model?: string;
    /** A fixed tree (fields default to the library's); absent: the automatic tree. */
    readonly tree?: Partial<TreeOptions>;
  };
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 8000; 0 picks a free port. */
  readonly port?: number;
  /** Worker threads, each with its own model copy = concurrent generations. Default 1. */
  readonly slots?: number;
  /** Requests that may wait for a slot before 429s. Default 16. */
  readonly maxQueue?: number;
  /** ONNX Runtime threads per worker. Default: cores ÷ slots. */
  readonly numThreads?: number;
  /** Required bearer key(s) for `/v1/*`; none = open. */
  readonly apiKeys?: readonly string[];
  /** Largest request body. Default 1 MiB. */
  readonly bodyLimitBytes?: number;
  /** How long shutdown waits for running requests. Default 10 s. */
  readonly shutdownTimeoutMs?: number;
  /** Per-request deadline from arrival (queue included); then a 504 `request_timeout`. Default 300 s. */
  readonly requestTimeoutMs?: number;
  /**
   * How long a worker may take to end an aborted generation (client gone, deadline, shutdown)
   * before the watchdog replaces it. Default 10 s.
   */
  readonly watchdogGraceMs?: number;
  /**
   * Largest per-request `speculative` overrides (also bounded by the model's context). Default
   * 64 tree tokens, depth 16, top-k 16 (or the server's own tree, when larger).
   */
  readonly speculationLimits?: Partial<SpeculationLimits>;
  /** Time to receive a request's headers, then 408. Default 10 s. */
  readonly headersTimeoutMs?: number;
  /** Time to receive a whole request (headers and body), then 408. Default 30 s. */
  readonly requestReceiveTimeoutMs?: number;
  /** Origins allowed by CORS; none = no CORS headers. */
  readonly corsOrigins?: readonly string[];
  /** Hub download options (endpoint, offline, cache, progress). */
  readonly hub?: ResolveModelOptions;
  /** Converted-graph cache of `@confu/node`. */
  readonly cacheDirectory?: string;
  /** How the model's matrices are stored. Default `fp32`. */
  readonly dtype?: ModelDtype;
  readonly logger?: Logger;
}

/** Bounds of the per-request `speculative` tree fields. */
export interface SpeculationLimits {
  readonly treeTokens: number;
  readonly treeDepth: number;
  readonly treeTopK: number;
}

/** {@link ServerOptions} with defaults filled in and checked once. */
export interface ServerConfig {
  readonly model: string;
  readonly servedModelName: string | undefined;
  readonly draft: { kind: DraftKind; model?: string; tree: TreeOptions; autoTree: boolean };
  readonly host: string;
  readonly port: number;
  readonly slots: number;
  readonly maxQueue: number;
  readonly numThreads: number | undefined;
  readonly apiKeys: readonly string[];
  readonly bodyLimitBytes: number;
  readonly shutdownTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly watchdogGraceMs: number;
  readonly speculationLimits: SpeculationLimits;
  readonly headersTimeoutMs: number;
  readonly requestReceiveTimeoutMs: number;
  readonly corsOrigins: readonly string[];
  readonly hub: ResolveModelOptions;
  readonly cacheDirectory: string | undefined;
  readonly dtype: ModelDtype | undefined;
  readonly logger: Logger;
}

/**
 * Fills in the defaults of {@link ServerOptions}.
 * @throws ConfuError `INVALID_ARGUMENT` naming the bad option.
 */
export function resolveServerConfig(options: ServerOptions): ServerConfig {
  if (typeof options.model !== 'string' || options.model === '') {
    throw new ConfuError('INVALID_ARGUMENT', '`model` is required');
  }
  const tree = options.draft?.tree;
  const ownTree = { ...defaultTreeOptions, ...tree };
  const apiKeys = options.apiKeys ?? [];
  if (apiKeys.some((key) => typeof key !== 'string' || key.trim() === '')) {
    // An empty key would turn authentication off without a word.
    throw new ConfuError('INVALID_ARGUMENT', '`apiKeys` must not contain an empty key');
  }
  const limits = options.speculationLimits ?? {};
  const headersTimeoutMs = integer('headersTimeoutMs', options.headersTimeoutMs, {
    fallback: 10_000,
    min: 100,
    max: 600_000,
  });
  return {
    model: options.model,
    servedModelName: options.servedModelName,
    draft: {
      kind: options.draft?.kind ?? 'none',
      ...(options.draft?.model === undefined ? {} : { model: options.draft.model }),
      tree: ownTree,
      autoTree: tree === undefined,
    },
    host: options.host ?? '127.0.0.1',
    port: integer('port', options.port, { fallback: 8000, min: 0, max: 65_535 }),
    slots: integer('slots', options.slots, { fallback: 1, min: 1, max: 64 }),
    maxQueue: integer('maxQueue', options.maxQueue, { fallback: 16, min: 0, max: 100_000 }),
    numThreads:
      options.numThreads === undefined
        ? undefined
        : integer('numThreads', options.numThreads, { fallback: 1, min: 1, max: 1024 }),
    apiKeys,
    bodyLimitBytes: integer('bodyLimitBytes', options.bodyLimitBytes, {
      fallback: 1024 * 1024,
      min: 1024,
      max: 1024 ** 3,
    }),
    shutdownTimeoutMs: integer('shutdownTimeoutMs', options.shutdownTimeoutMs, {
      fallback: 10_000,
      min: 0,
      max: 3_600_000,
    }),
    requestTimeoutMs: integer('requestTimeoutMs', options.requestTimeoutMs, {
      fallback: 300_000,
      min: 100,
      max: 86_400_000,
    }),
    watchdogGraceMs: integer('watchdogGraceMs', options.watchdogGraceMs, {
      fallback: 10_000,
      min: 100,
      max: 3_600_000,
    }),
    speculationLimits: {
      treeTokens: integer('speculationLimits.treeTokens', limits.treeTokens, {
        fallback: Math.max(64, ownTree.totalTokens),
        min: 2,
        max: 1024,
      }),
      treeDepth: integer('speculationLimits.treeDepth', limits.treeDepth, {
        fallback: Math.max(16, ownTree.depth),
        min: 1,
        max: 64,
      }),
      treeTopK: integer('speculationLimits.treeTopK', limits.treeTopK, {
        fallback: Math.max(16, ownTree.topK),
        min: 1,
        max: 64,
      }),
    },
    headersTimeoutMs,
    requestReceiveTimeoutMs: integer('requestReceiveTimeoutMs', options.requestReceiveTimeoutMs, {
      fallback: Math.max(30_000, headersTimeoutMs),
      min: headersTimeoutMs,
      max: 3_600_000,
    }),
    corsOrigins: options.corsOrigins ?? [],
    hub: options.hub ?? {},
    cacheDirectory: options.cacheDirectory,
    dtype: options.dtype,
    logger: options.logger ?? console,
  };
}

function integer(
  name: string,
  value: number | undefined,
  range: { fallback: number; min: number; max: number },
): number {
  const result = value ?? range.fallback;
  if (!Number.isInteger(result) || result < range.min || result > range.max) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be an integer in [${range.min}, ${range.max}], got ${String(value)}`,
    );
  }
  return result;
}
