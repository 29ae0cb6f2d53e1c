import type {
  DraftKind,
  FinishReason,
  GenerationStats,
  LoadModelOptions,
  TreeOptions,
} from '@confu/browser';

/** Where the worker reads a model from. `File`s survive `postMessage`; folders do not. */
export type ModelSourceSpec =
  | { readonly kind: 'files'; readonly files: readonly File[]; readonly label: string }
  | { readonly kind: 'url'; readonly baseUrl: string; readonly files: readonly string[] };

/** A model to load and the devices to try. */
export interface LoadRequest {
  readonly model: ModelSourceSpec;
  /** Default: WebGPU, then wasm. */
  readonly devices?: LoadModelOptions['devices'];
}

/** What the worker reports about a loaded model. */
export interface ModelInfo {
  readonly vocabSize: number;
  readonly contextLength: number;
}

/** The drafter of a generation: `none` for plain decoding. */
export interface DrafterRequest {
  readonly kind: Exclude<DraftKind, 'lm'>;
  readonly tree: TreeOptions;
  /** EAGLE-3 / ConFu head files; without them an untrained head (`random:<seed>`), for tests. */
  readonly headFiles?: readonly File[];
  readonly seed?: number;
}

/** One generation's settings. */
export interface GenerateRequest {
  readonly prompt: string;
  readonly maxTokens: number;
  readonly temperature: number;
  readonly seed?: number;
  readonly drafter: DrafterRequest;
}

/**
 * One streamed piece: `draftText` is the part of `text` the target accepted from the drafter this
 * round (empty in plain decoding); the rest of `text` is the target's own (bonus) token.
 */
export interface DecodedChunk {
  readonly text: string;
  readonly draftText: string;
  readonly tokenCount: number;
  readonly acceptedCount: number;
  /** Draft tokens the target verified and rejected in this round (speculative rounds only). */
  readonly rejectedCount?: number;
  readonly finishReason?: FinishReason;
  readonly stats?: GenerationStats;
}

/** An error as it crosses `postMessage` (classes do not survive it). */
export interface WireError {
  readonly name: string;
  readonly code: string;
  readonly message: string;
}

/** Messages from the page to the worker. `id` pairs requests with replies. */
export type DecoderRequestMessage =
  | { readonly type: 'load'; readonly id: number; readonly request: LoadRequest }
  | { readonly type: 'generate'; readonly id: number; readonly request: GenerateRequest }
  | { readonly type: 'abort'; readonly id: number }
  | { readonly type: 'dispose'; readonly id: number };

/** Messages from the worker to the page. */
export type DecoderReplyMessage =
  | { readonly type: 'loaded'; readonly id: number; readonly info: ModelInfo }
  | { readonly type: 'chunk'; readonly id: number; readonly chunk: DecodedChunk }
  | { readonly type: 'done'; readonly id: number; readonly aborted: boolean }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError };
