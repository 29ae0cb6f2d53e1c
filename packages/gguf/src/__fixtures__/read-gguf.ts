// A minimal, independent GGUF v3 reader for tests (follows ggml/src/gguf.cpp `gguf_init_from_file_impl`).

export interface ParsedTensorInfo {
  name: string;
  /** ggml order (`ne`, innermost first), as stored. */
  ne: number[];
  type: number;
  offset: number;
}

export interface ParsedGguf {
  magic: string;
  version: number;
  metadata: Map<string, { type: number; value: unknown; elementType?: number }>;
  tensors: ParsedTensorInfo[];
  /** Absolute file offset of the tensor data section. */
  dataOffset: number;
  tensorBytes(name: string, byteLength: number): Uint8Array;
}

export function readGguf(bytes: Uint8Array): ParsedGguf {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const u32 = () => ((at += 4), view.getUint32(at - 4, true));
  const u64 = () => ((at += 8), Number(view.getBigUint64(at - 8, true)));
  const str = () => {
    const length = u64();
    at += length;
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at - length, at));
  };
  const scalar = (type: number): unknown => {
    switch (type) {
      case 0: return ((at += 1), view.getUint8(at - 1));
      case 1: return ((at += 1), view.getInt8(at - 1));
      case 2: return ((at += 2), view.getUint16(at - 2, true));
      case 3: return ((at += 2), view.getInt16(at - 2, true));
      case 4: return u32();
      case 5: return ((at += 4), view.getInt32(at - 4, true));
      case 6: return ((at += 4), view.getFloat32(at - 4, true));
      case 7: {
        const byte = ((at += 1), view.getUint8(at - 1));
        if (byte > 1) throw new Error(`bool byte ${byte}`);
        return byte === 1;
      }
      case 8: return str();
      case 10: return u64();
      case 11: return ((at += 8), Number(view.getBigInt64(at - 8, true)));
      case 12: return ((at += 8), view.getFloat64(at - 8, true));
      default: throw new Error(`unknown value type ${type}`);
    }
  };
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  at = 4;
  const version = u32();
  const tensorCount = u64();
  const kvCount = u64();
  const metadata: ParsedGguf['metadata'] = new Map();
  for (let i = 0; i < kvCount; i++) {
    const key = str();
    if (metadata.has(key)) throw new Error(`duplicate key ${key}`);
    const type = u32();
    if (type === 9) {
      const elementType = u32();
      const length = u64();
      const value = Array.from({ length }, () => scalar(elementType));
      metadata.set(key, { type, elementType, value });
    } else {
      metadata.set(key, { type, value: scalar(type) });
    }
  }
  const tensors: ParsedTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = str();
    const dims = u32();
    const ne = Array.from({ length: dims }, () => u64());
    tensors.push({ name, ne, type: u32(), offset: u64() });
  }
  const alignment = (metadata.get('general.alignment')?.value as number | undefined) ?? 32;
  const dataOffset = Math.ceil(at / alignment) * alignment;
  return {
    magic,
    version,
    metadata,
    tensors,
    dataOffset,
    tensorBytes(name, byteLength) {
      const info = tensors.find((tensor) => tensor.name === name);
      if (!info) throw new Error(`no tensor ${name}`);
      const start = dataOffset + info.offset;
      return bytes.subarray(start, start + byteLength);
    },
  };
}

/** A sink that keeps every chunk (copied), for tests. */
export function memorySink(): { write(chunk: Uint8Array): void; bytes(): Uint8Array; chunks: number } {
  const parts: Uint8Array[] = [];
  return {
    write(chunk) {
      parts.push(chunk.slice());
    },
    get chunks() {
      return parts.length;
    },
    bytes() {
      const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
      let offset = 0;
      for (const part of parts) {
        out.set(part, offset);
        offset += part.length;
      }
      return out;
    },
  };
}

/** A small seeded generator (mulberry32) for test data. */
export function seededFloats(count: number, seed: number, scale = 1): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5) * 2 * scale;
  });
}
