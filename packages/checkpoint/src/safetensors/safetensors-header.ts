import type { SafetensorsDtype } from './dtype.js';

/** One tensor entry of a validated safetensors header. */
export interface SafetensorsTensorInfo {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  /** Dimensions, outermost first; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Element count (1 for a scalar, 0 for an empty tensor). */
  readonly numel: number;
  /** `[begin, end)` relative to the start of the data section. */
  readonly dataOffsets: readonly [number, number];
}

/**
 * A safetensors header that passed every structural check: the tensors tile the data section
 * exactly (no overlap, no gap, no trailing bytes) and each byte range matches dtype × shape.
 */
export interface SafetensorsHeader {
  /** File name within the {@link FileSource} it was read from. */
  readonly file: string;
  /** Absolute byte offset of the data section (8 + header length). */
  readonly dataStart: number;
  /** Byte length of the data section. */
  readonly dataSize: number;
  /** Tensors by name, in file order. */
  readonly tensors: ReadonlyMap<string, SafetensorsTensorInfo>;
  /** The `__metadata__` string map (empty when absent). */
  readonly metadata: Readonly<Record<string, string>>;
}
