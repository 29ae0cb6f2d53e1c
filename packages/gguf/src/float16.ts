import { float16ToFloat32, float32ToFloat16 } from '@confu/checkpoint';

const scratch = new Float32Array(1);

/** float32 → IEEE half bits, rounded to nearest even (ggml's `GGML_FP32_TO_FP16`). Internal. */
export function toFloat16Bits(value: number): number {
  scratch[0] = value;
  return float32ToFloat16(scratch)[0] ?? 0;
}

/** IEEE half bits → float32 value. Internal. */
export function fromFloat16Bits(bits: number): number {
  return float16ToFloat32(Uint16Array.of(bits))[0] ?? 0;
}
