import type { AttributeValue, Dim, OnnxArrayMap, OnnxDataType } from '@confu/onnx';

/** One node as recorded; `inputs` may hold `''` for omitted optional inputs. */
export interface RecordedNode {
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** A declared graph input or output. */
export interface RecordedValue {
  readonly name: string;
  readonly dtype: OnnxDataType;
  readonly dims: readonly Dim[];
}

/** A recorded initializer; `data` aliases the caller's array. */
export interface RecordedInitializer {
  readonly name: string;
  readonly dtype: OnnxDataType;
  readonly dims: readonly number[];
  readonly data: OnnxArrayMap[OnnxDataType];
}
