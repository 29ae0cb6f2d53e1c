import type { DType } from '@confu/core';

const dtypes: ReadonlySet<string> = new Set<DType>([
  'float32',
  'float16',
  'int32',
  'int64',
  'uint8',
  'bool',
]);

/** Whether an element type name is one of ours (ORT's names for these types are the same). */
export function isDType(type: string): type is DType {
  return dtypes.has(type);
}
