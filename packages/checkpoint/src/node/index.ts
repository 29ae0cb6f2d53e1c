/**
 * @module @confu/checkpoint/node
 * `FileSource`s over the Node file system, sharing one ranged reader whose short reads are
 * `INVALID_FILE` errors. Node only.
 */
export { createFileHandleSource } from './file-handle-source.js';
export { readFileRange } from './read-file-range.js';
