import type {
  DraftKind,
  FileProgress,
  FinishReason,
  GenerationStats,
  LoadModelOptions,
  ModelDtype,
  TreeOptions,
} from '@confu/browser';

/** A folder served over HTTP: its URL and file names (HTTP cannot list a folder). */
export interface UrlFolder {
  readonly baseUrl: string;
  readonly files: readonly string[];
}

/** A head method with a trained head. */
export type HeadMethod = 'eagle3' | 'confu';

/**
 * Where the worker reads a model from: a hub id (fetched once, kept in Cache Storage), a folder this
 * server serves (with its heads), or picked files (`File`s survive `postMessage`; folders do not).
 */
export type ModelSourceSpec =
  | { readonly kind: 'hub'; readonly hubId: string; readonly endpoint: string }
  | {
      readonly kind: 'url';
      readonly folder: UrlFolder;
      readonly heads: Readonly<Partial<Record<HeadMethod, UrlFolder>>>;
    }
  | { readonly kind: 'files'; readonly files: readonly File[]; readonly label: string };

/** A model to load, how its matrices are stored, and the devices to try. */
export interface LoadRequest {
  readonly model: ModelSourceSpec;
  /**
   * `fp32`, `fp16`, `q8` or `q4` (`@confu/browser`'s `load` option; q8 / q4 run `MatMulNBits` at
   * accuracy level 0 on onnxruntime-web). Graphs are converted in memory, so another dtype is
   * another load. Default `fp32`.
   */
  readonly dtype?: ModelDtype;
  /** Default: WebGPU, then wasm. */
  readonly devices?: LoadModelOptions['devices'];
}

/** What the worker reports about a loaded model. */
export interface ModelInfo {
  readonly vocabSize: number;
  readonly contextLength: number;
  /** How its matrices (and its heads') are stored. */
  readonly dtype: ModelDtype;
  /** Head methods the model has a trained head for (hub `eagle3/` / `confu/` folders, served heads). */
  readonly ownHeads: readonly HeadMethod[];
}

/**
 * The head of an EAGLE-3 / ConFu generation: the model's own trained head, picked head files, or an
 * untrained `random:<seed>` head (lossless but accepts almost nothing: for tests only).
 */
export type HeadRequest =
  | { readonly from: 'own' }
  | { readonly from: 'files'; readonly files: readonly File[] }
  | { readonly from: 'random'; readonly seed: number };

/** The drafter of a generation: `none` for plain decoding. */
export interface DrafterRequest {
  readonly kind: Exclude<DraftKind, 'lm'>;
  /** A fixed shape, or `auto` (sized from the measured verify cost and acceptance). */
  readonly tree: TreeOptions | 'auto';
  /** For `eagle3` / `confu`. */
  readonly head?: HeadRequest;
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
 * One streamed piece: the tokens one target pass committed. In a speculative round
 * (`round` present), `draftPieces` holds the text of each accepted draft token and the rest of
 * `text` is the target's own (bonus) token; `rejectedCount` draft tokens were verified and
 * rejected. Plain decoding and the prefill's token have no `round`.
 */
export interface DecodedChunk {
  readonly text: string;
  readonly tokenCount: number;
  /** Text of each accepted draft token, in order (empty when none, or when the split failed). */
  readonly draftPieces: readonly string[];
  readonly round?: {
    readonly drafted: number;
    readonly accepted: number;
    readonly rejected: number;
  };
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
  | { readonly type: 'progress'; readonly id: number; readonly progress: FileProgress }
  | { readonly type: 'loaded'; readonly id: number; readonly info: ModelInfo }
  | { readonly type: 'chunk'; readonly id: number; readonly chunk: DecodedChunk }
  | { readonly type: 'done'; readonly id: number; readonly aborted: boolean }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError };
