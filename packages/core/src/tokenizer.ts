/** Options of {@link Tokenizer.encode}. */
export interface EncodeOptions {
  /**
   * Add the special tokens the model expects around a single text (BOS for Llama-style models,
   * nothing for GPT-2-style ones). Default `true`.
   */
  readonly addSpecialTokens?: boolean;
}

/** Options of {@link Tokenizer.decode}. */
export interface DecodeOptions {
  /** Leave special tokens (see {@link Tokenizer.specialTokenIds}) out of the text. Default `false`. */
  readonly skipSpecialTokens?: boolean;
}

/** Options of {@link Tokenizer.createStreamDecoder}. */
export interface StreamDecoderOptions {
  /**
   * Leave special tokens out of the streamed text. Default `true` (streams usually carry generated
   * text for people to read), unlike {@link DecodeOptions.skipSpecialTokens}.
   */
  readonly skipSpecialTokens?: boolean;
  /**
   * Ids that precede the streamed ones (typically the prompt). They give the first streamed
   * token its context (a leading space after BOS or after a word) and are never emitted; only the
   * last few are used.
   */
  readonly prefixIds?: readonly number[];
}

/**
 * The common interface of every tokenizer kind (llama2.c `tokenizer.bin`, Hugging Face
 * `tokenizer.json`). Ids are integers in `[0, vocabSize)`.
 */
export interface Tokenizer {
  /** Number of ids, including added and special tokens: every id is below it. */
  readonly vocabSize: number;
  /** Beginning-of-sequence id, or `undefined` when the model has none. */
  readonly bosTokenId: number | undefined;
  /** Ids that end generation (stop tokens); may be empty when the files name none. */
  readonly eosTokenIds: readonly number[];
  /** Ids of control tokens (BOS, EOS, chat markers, ...), which `skipSpecialTokens` drops. */
  readonly specialTokenIds: ReadonlySet<number>;
  /** Text to ids, as the reference implementation of the format does it. */
  encode(text: string, options?: EncodeOptions): number[];
  /**
   * Ids to text. Bytes that do not form valid UTF-8 become U+FFFD.
   * @throws ConfuError `INVALID_ARGUMENT` for an id that is not an integer in `[0, vocabSize)`.
   */
  decode(ids: readonly number[], options?: DecodeOptions): string;
  /** The raw vocabulary entry of an id (e.g. `▁the`, `<0x0A>`), or `undefined` if out of range. */
  idToPiece?(id: number): string | undefined;
  /** An incremental decoder that turns ids pushed one at a time into text chunks. */
  createStreamDecoder(options?: StreamDecoderOptions): StreamDecoder;
}

/**
 * Turns ids pushed one at a time into text, never emitting half a UTF-8 character or a space that
 * a later id would remove. Concatenating every `push` result and the final `flush` gives the same
 * text as decoding all ids at once.
 */
export interface StreamDecoder {
  /** Adds one id and returns the text it completed (often `''` while a character is incomplete). */
  push(id: number): string;
  /** Returns the text still held back and resets the decoder, ready for a new stream. */
  flush(): string;
}
