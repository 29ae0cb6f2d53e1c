import { ConfuError, assertArgument } from '@confu/errors';
import { encodeHeader } from './encode-header.js';
import type { TensorInfo } from './encode-header.js';
import { tensorByteSize } from './encode-tensor-data.js';
import { GGUF_ALIGNMENT, ggmlBlockLayout } from './gguf-constants.js';
import type { GgmlTypeName } from './gguf-constants.js';
import type { GgufMetadataEntry } from './gguf-metadata.js';
import type { GgufSink } from './gguf-sink.js';

/** One tensor to write; its bytes are produced only when its turn comes. */
export interface GgufTensor {
  /** llama.cpp tensor name, e.g. `blk.0.attn_q.weight`; at most 63 UTF-8 bytes. */
  readonly name: string;
  /** Outermost first (PyTorch order): `[rows, cols]` for a row-major matrix. */
  readonly shape: readonly number[];
  readonly type: GgmlTypeName;
  /** The encoded bytes (see `encodeTensorData`), exactly `tensorByteSize(type, elements)` long. */
  readonly data: () => Uint8Array | Promise<Uint8Array>;
}

/** What {@link writeGguf} writes. */
export interface GgufContent {
  readonly metadata: readonly GgufMetadataEntry[];
  readonly tensors: readonly GgufTensor[];
}

/** ggml's `GGML_MAX_NAME` is 64 bytes including the terminator. */
const maxNameBytes = 63;

/**
 * Streams a GGUF v3 file to `sink`: the header (metadata and tensor infos), then each tensor's data
 * padded to 32 bytes, one tensor in memory at a time.
 * @returns the number of bytes written.
 * @throws ConfuError `INVALID_ARGUMENT` for a duplicate or over-long name, a shape whose innermost
 * size is not a multiple of the type's block, or data of the wrong length.
 */
export async function writeGguf(sink: GgufSink, content: GgufContent): Promise<number> {
  const infos = layoutTensors(content.tensors);
  const header = encodeHeader(content.metadata, infos, GGUF_ALIGNMENT);
  await sink.write(header);
  let written = header.length;
  for (const tensor of content.tensors) {
    const data = await tensor.data();
    const expected = tensorByteSize(tensor.type, elementCount(tensor.shape));
    if (data.length !== expected) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `tensor \`${tensor.name}\` (${tensor.type}, shape [${tensor.shape.join(', ')}]) needs ${expected} bytes, got ${data.length}`,
      );
    }
    await sink.write(data);
    const padding = alignUp(expected) - expected;
    if (padding > 0) await sink.write(new Uint8Array(padding));
    written += expected + padding;
  }
  return written;
}

function layoutTensors(tensors: readonly GgufTensor[]): TensorInfo[] {
  const names = new Set<string>();
  const encoder = new TextEncoder();
  let offset = 0;
  return tensors.map((tensor) => {
    assertArgument(!names.has(tensor.name), `tensor \`${tensor.name}\` appears twice`);
    names.add(tensor.name);
    assertArgument(
      encoder.encode(tensor.name).length <= maxNameBytes,
      `tensor name \`${tensor.name}\` is longer than ${maxNameBytes} bytes`,
    );
    const inner = tensor.shape[tensor.shape.length - 1] ?? 0;
    const { blockSize } = ggmlBlockLayout[tensor.type];
    assertArgument(
      tensor.shape.length > 0 &&
        tensor.shape.every((size) => Number.isInteger(size) && size > 0) &&
        inner % blockSize === 0,
      `tensor \`${tensor.name}\`: shape [${tensor.shape.join(', ')}] cannot be stored as ${tensor.type} (rows must hold a multiple of ${blockSize} values)`,
    );
    const info = { name: tensor.name, shape: tensor.shape, type: tensor.type, offset };
    offset += alignUp(tensorByteSize(tensor.type, elementCount(tensor.shape)));
    return info;
  });
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

function alignUp(bytes: number): number {
  return Math.ceil(bytes / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;
}
