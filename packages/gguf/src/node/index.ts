/**
 * @module @confu/gguf/node
 * Node file output for GGUF exports.
 */
export { writeGgufFile } from './write-gguf-file.js';
