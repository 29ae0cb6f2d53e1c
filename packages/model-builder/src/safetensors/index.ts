export { isFloatWeightDtype, isSafetensorsDtype, safetensorsItemSize } from './dtype.js';
export type { SafetensorsDtype } from './dtype.js';
export type { SafetensorsArray, SafetensorsArrayMap } from './safetensors-array.js';
export type { SafetensorsHeader, SafetensorsTensorInfo } from './safetensors-header.js';
export { maxSafetensorsHeaderBytes, readSafetensorsHeader } from './read-safetensors-header.js';
export { getTensorInfo, readFloat32Tensor, readTensor } from './read-tensor.js';
export { writeSafetensors } from './write-safetensors.js';
export type { SafetensorsTensorInput } from './write-safetensors.js';
export {
  bfloat16ToFloat32,
  float16ToFloat32,
  float32ToBfloat16,
  float32ToFloat16,
} from './half-precision.js';
