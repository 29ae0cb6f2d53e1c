/** Alignment of every tensor in the external data file (what ORT's own writer and mmap favour). */
export const EXTERNAL_DATA_ALIGNMENT = 64;

/** The weights file an ONNX model references, as a list of chunks to write or concatenate in order. */
export interface ExternalData {
  /** File name written as `location` in each external TensorProto, relative to the model file. */
  readonly path: string;
  /** Contents in order; chunks may alias the caller's weight arrays (no copy). */
  readonly chunks: readonly Uint8Array[];
  /** Sum of the chunk lengths. */
  readonly byteLength: number;
}

const padding = new Uint8Array(EXTERNAL_DATA_ALIGNMENT);

/** Appends tensors at aligned offsets without copying them. */
export class ExternalDataWriter {
  readonly path: string;
  readonly #chunks: Uint8Array[] = [];
  #byteLength = 0;

  constructor(path: string) {
    this.path = path;
  }

  /** Adds `bytes` and returns its offset (a multiple of {@link EXTERNAL_DATA_ALIGNMENT}). */
  append(bytes: Uint8Array): number {
    const misalignment = this.#byteLength % EXTERNAL_DATA_ALIGNMENT;
    if (misalignment !== 0) this.#push(padding.subarray(0, EXTERNAL_DATA_ALIGNMENT - misalignment));
    const offset = this.#byteLength;
    this.#push(bytes);
    return offset;
  }

  /** The finished file description. */
  finish(): ExternalData {
    return { path: this.path, chunks: [...this.#chunks], byteLength: this.#byteLength };
  }

  #push(bytes: Uint8Array): void {
    this.#chunks.push(bytes);
    this.#byteLength += bytes.length;
  }
}

/** Concatenates external data into one buffer (tests, browsers, small models). */
export function concatExternalData(data: ExternalData): Uint8Array {
  const out = new Uint8Array(data.byteLength);
  let offset = 0;
  for (const chunk of data.chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
