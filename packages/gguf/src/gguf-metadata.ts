/** One typed GGUF metadata value; arrays hold one element type. */
export type GgufValue =
  | { readonly type: 'uint32'; readonly value: number }
  | { readonly type: 'int32'; readonly value: number }
  | { readonly type: 'float32'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'string[]'; readonly value: readonly string[] }
  | { readonly type: 'float32[]'; readonly value: ArrayLike<number> }
  | { readonly type: 'int32[]'; readonly value: ArrayLike<number> };

/** A metadata key and its value, written in order. */
export interface GgufMetadataEntry {
  readonly key: string;
  readonly value: GgufValue;
}

/** Shorthands for building metadata entries. */
export const gguf = {
  uint32: (key: string, value: number): GgufMetadataEntry => ({
    key,
    value: { type: 'uint32', value },
  }),
  float32: (key: string, value: number): GgufMetadataEntry => ({
    key,
    value: { type: 'float32', value },
  }),
  bool: (key: string, value: boolean): GgufMetadataEntry => ({
    key,
    value: { type: 'bool', value },
  }),
  string: (key: string, value: string): GgufMetadataEntry => ({
    key,
    value: { type: 'string', value },
  }),
  strings: (key: string, value: readonly string[]): GgufMetadataEntry => ({
    key,
    value: { type: 'string[]', value },
  }),
  float32s: (key: string, value: ArrayLike<number>): GgufMetadataEntry => ({
    key,
    value: { type: 'float32[]', value },
  }),
  int32s: (key: string, value: ArrayLike<number>): GgufMetadataEntry => ({
    key,
    value: { type: 'int32[]', value },
  }),
};
