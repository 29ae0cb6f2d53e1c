import type { ConfuErrorCode } from '@confu/errors';
import type {
  DraftChoice,
  DraftKind,
  FinishReason,
  GenerationStats,
  ModelDtype,
  TreeOptions,
} from '@confu/node';

/** What a worker loads once at start (local folders: the main thread resolved hub ids). */
export interface WorkerInit {
  readonly modelPath: string;
  /** The server's drafter (`method: 'none'` for plain decoding), `from` a local folder. */
  readonly draft: DraftChoice;
  /** The server's tree: `'auto'`, or the fixed shape requests override field by field. */
  readonly tree: TreeOptions | 'auto';
  readonly numThreads?: number;
  readonly cacheDirectory?: string;
  readonly dtype?: ModelDtype;
  /** Raised by the worker while it is inside ONNX Runtime (see `native-calls.ts`). */
  readonly nativeCalls: Int32Array;
}

/** A chat message as the worker renders it (already validated). */
export interface PromptMessage {
  readonly role: string;
  readonly content: string;
}

/** Per-request speculation override; absent fields keep the server's setting. */
export interface SpeculationOverride {
  readonly method?: DraftKind;
  readonly treeDepth?: number;
  readonly treeTopK?: number;
  readonly treeTokens?: number;
}

/** One generation, validated by the main thread. */
export interface GenerateRequest {
  readonly prompt:
    | { readonly kind: 'text'; readonly text: string }
    | { readonly kind: 'tokens'; readonly tokens: readonly number[] }
    | { readonly kind: 'chat'; readonly messages: readonly PromptMessage[] };
  /** Absent: up to the end of the context. */
  readonly maxTokens?: number;
  readonly temperature: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly minP?: number;
  readonly repetitionPenalty?: number;
  readonly seed?: number;
  readonly stop: readonly string[];
  readonly speculation?: SpeculationOverride;
}

/** Per-request speculative-decoding report (tau = `acceptanceLength`). */
export interface SpeculationReport {
  readonly method: DraftKind;
  readonly acceptanceLength: number;
  readonly rounds: number;
  /** `null` when unknown (generation cut by a stop string before the engine's final stats). */
  readonly drafted: number | null;
  readonly accepted: number;
  /** Rounds that accepted exactly k draft tokens, for k = 0, 1, 2, ... */
  readonly acceptedHistogram: readonly number[];
}

/** An error as it crosses the thread boundary. */
export interface WorkerError {
  readonly code: ConfuErrorCode | 'INTERNAL';
  readonly message: string;
  readonly param?: string;
}

/** Main thread → worker. */
export type ToWorker =
  | { readonly type: 'generate'; readonly id: number; readonly request: GenerateRequest }
  | { readonly type: 'abort'; readonly id: number }
  /** Dispose the model and end the thread (sent when no generation is running). */
  | { readonly type: 'exit' };

/** What a loaded worker tells the main thread. */
export interface ModelInfo {
  readonly contextLength: number;
  readonly vocabSize: number;
  readonly hasChatTemplate: boolean;
  /** UTF-8 bytes of the longest token's text: a prompt of B bytes has at least B / this tokens. */
  readonly maxTokenBytes: number;
}

/** Worker → main thread. Each `generate` ends with exactly one `done`, `error` or `aborted`. */
export type FromWorker =
  | { readonly type: 'ready'; readonly info: ModelInfo }
  | { readonly type: 'load-error'; readonly error: WorkerError }
  | { readonly type: 'prepared'; readonly id: number; readonly promptTokens: number }
  | { readonly type: 'delta'; readonly id: number; readonly text: string; readonly tokens: number }
  | {
      readonly type: 'done';
      readonly id: number;
      readonly finishReason: FinishReason;
      readonly promptTokens: number;
      readonly completionTokens: number;
      readonly stats?: GenerationStats;
      readonly speculation: SpeculationReport;
    }
  | { readonly type: 'error'; readonly id: number; readonly error: WorkerError }
  | { readonly type: 'aborted'; readonly id: number };
