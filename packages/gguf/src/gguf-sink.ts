/**
 * Where {@link writeGguf} sends the file, chunk by chunk and in order: a file handle, a stream, or
 * an array in tests. A chunk may be reused after `write` returns or resolves.
 */
export interface GgufSink {
  write(chunk: Uint8Array): void | Promise<void>;
}
