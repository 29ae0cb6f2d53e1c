export { readTextFile } from './read-text-file.js';
export { openRecordFile, readRecordFile, writeRecordFile } from './record-file.js';
export type { RecordFile, WriteRecordFileOptions, WriteRecordFileResult } from './record-file.js';
