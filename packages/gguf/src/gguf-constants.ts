/** `"GGUF"` read as a little-endian uint32 (gguf-py `GGUF_MAGIC`). */
export const GGUF_MAGIC = 0x46554747;
/** The GGUF version this package writes (gguf-py `GGUF_VERSION`). */
export const GGUF_VERSION = 3;
/** Alignment of the tensor data section and of each tensor in it (`general.alignment`). */
export const GGUF_ALIGNMENT = 32;
/** ggml's quantization version, written as `general.quantization_version` (`GGML_QNT_VERSION`). */
export const GGML_QUANTIZATION_VERSION = 2;

/** Metadata value types (gguf-py `GGUFValueType`). */
export const GgufValueType = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

/** The tensor types this package writes, with their ggml ids (gguf-py `GGMLQuantizationType`). */
export const GgmlType = { f32: 0, f16: 1, q4_0: 2, q8_0: 8 } as const;
export type GgmlTypeName = keyof typeof GgmlType;

/** Elements per block and bytes per block of each type (gguf-py `GGML_QUANT_SIZES`). */
export const ggmlBlockLayout: Readonly<
  Record<GgmlTypeName, { readonly blockSize: number; readonly blockBytes: number }>
> = {
  f32: { blockSize: 1, blockBytes: 4 },
  f16: { blockSize: 1, blockBytes: 2 },
  q4_0: { blockSize: 32, blockBytes: 2 + 16 },
  q8_0: { blockSize: 32, blockBytes: 2 + 32 },
};

/** `general.file_type` of a whole-model dtype (gguf-py `LlamaFileType`). */
export const LlamaFileType = { f32: 0, f16: 1, q4_0: 2, q8_0: 7 } as const;

/** `tokenizer.ggml.token_type` values (gguf-py `TokenType`). */
export const GgufTokenType = {
  normal: 1,
  unknown: 2,
  control: 3,
  userDefined: 4,
  unused: 5,
  byte: 6,
} as const;
