import type { FileProgress } from '@confu/browser';
import type { DecodedChunk, GenerateRequest, LoadRequest, ModelInfo } from './decoder-protocol.js';

/**
 * A model host: the in-worker implementation and the page's {@link DecoderClient} proxy share it.
 * One model at a time; one generation at a time.
 */
export interface Decoder {
  /**
   * Loads a model, replacing (and disposing) the previous one; `onProgress` hears each hub file's
   * download (or read from Cache Storage).
   */
  load(request: LoadRequest, onProgress?: (progress: FileProgress) => void): Promise<ModelInfo>;
  /** Streams a generation; an aborted `signal` ends the stream early without an error. */
  generate(request: GenerateRequest, signal?: AbortSignal): AsyncGenerator<DecodedChunk, void>;
  /** Frees the model and drafters. */
  dispose(): Promise<void>;
}
