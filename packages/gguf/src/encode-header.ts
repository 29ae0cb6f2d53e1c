import { ByteWriter } from './byte-writer.js';
import { GGUF_MAGIC, GGUF_VERSION, GgmlType, GgufValueType } from './gguf-constants.js';
import type { GgmlTypeName } from './gguf-constants.js';
import type { GgufMetadataEntry, GgufValue } from './gguf-metadata.js';

/** A tensor's entry in the header. Internal. */
export interface TensorInfo {
  readonly name: string;
  /** Outermost first (PyTorch order); the header stores it reversed, as ggml's `ne`. */
  readonly shape: readonly number[];
  readonly type: GgmlTypeName;
  /** From the start of the data section. */
  readonly offset: number;
}

/**
 * The GGUF header as gguf-py's `GGUFWriter` writes it: magic, version, tensor count, metadata
 * count, metadata, tensor infos, zero padding to `alignment`. Internal.
 */
export function encodeHeader(
  metadata: readonly GgufMetadataEntry[],
  tensors: readonly TensorInfo[],
  alignment: number,
): Uint8Array {
  const out = new ByteWriter();
  out.uint32(GGUF_MAGIC);
  out.uint32(GGUF_VERSION);
  out.uint64(tensors.length);
  out.uint64(metadata.length);
  for (const { key, value } of metadata) {
    out.string(key);
    writeValue(out, value);
  }
  for (const tensor of tensors) {
    out.string(tensor.name);
    out.uint32(tensor.shape.length);
    for (let axis = tensor.shape.length - 1; axis >= 0; axis--) out.uint64(tensor.shape[axis] ?? 0);
    out.uint32(GgmlType[tensor.type]);
    out.uint64(tensor.offset);
  }
  out.pad(alignment);
  return out.finish();
}

function writeValue(out: ByteWriter, value: GgufValue): void {
  switch (value.type) {
    case 'uint32':
      out.uint32(GgufValueType.uint32);
      return out.uint32(value.value);
    case 'int32':
      out.uint32(GgufValueType.int32);
      return out.int32(value.value);
    case 'float32':
      out.uint32(GgufValueType.float32);
      return out.float32(value.value);
    case 'bool':
      out.uint32(GgufValueType.bool);
      return out.uint8(value.value ? 1 : 0);
    case 'string':
      out.uint32(GgufValueType.string);
      return out.string(value.value);
    case 'string[]':
      arrayHeader(out, GgufValueType.string, value.value.length);
      for (const item of value.value) out.string(item);
      return;
    case 'float32[]':
      arrayHeader(out, GgufValueType.float32, value.value.length);
      for (let i = 0; i < value.value.length; i++) out.float32(value.value[i] ?? 0);
      return;
    case 'int32[]':
      arrayHeader(out, GgufValueType.int32, value.value.length);
      for (let i = 0; i < value.value.length; i++) out.int32(value.value[i] ?? 0);
      return;
  }
}

function arrayHeader(out: ByteWriter, elementType: number, length: number): void {
  out.uint32(GgufValueType.array);
  out.uint32(elementType);
  out.uint64(length);
}
