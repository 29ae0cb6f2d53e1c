/** A growable little-endian byte buffer for the GGUF header. Internal. */
export class ByteWriter {
  private bytes = new Uint8Array(1024);
  private view = new DataView(this.bytes.buffer);
  private length = 0;
  private readonly encoder = new TextEncoder();

  get size(): number {
    return this.length;
  }

  uint8(value: number): void {
    this.reserve(1).setUint8(this.length - 1, value);
  }

  uint32(value: number): void {
    this.reserve(4).setUint32(this.length - 4, value, true);
  }

  int32(value: number): void {
    this.reserve(4).setInt32(this.length - 4, value, true);
  }

  float32(value: number): void {
    this.reserve(4).setFloat32(this.length - 4, value, true);
  }

  uint64(value: number): void {
    this.reserve(8).setBigUint64(this.length - 8, BigInt(value), true);
  }

  /** A GGUF string: uint64 byte length, then UTF-8 bytes without a terminator. */
  string(value: string): void {
    const encoded = this.encoder.encode(value);
    this.uint64(encoded.length);
    this.reserve(encoded.length);
    this.bytes.set(encoded, this.length - encoded.length);
  }

  /** Zero bytes up to the next multiple of `alignment`. */
  pad(alignment: number): void {
    const padding = (alignment - (this.length % alignment)) % alignment;
    this.reserve(padding);
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  private reserve(count: number): DataView {
    const needed = this.length + count;
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length = needed;
    return this.view;
  }
}
