import type { DecoderConfig } from '@confu/checkpoint';

/**
 * RoPE inverse frequencies `θ^(-2i/D)` for `i < D/2`, in float64, with HF's `llama3` scaling applied
 * when configured (long wavelengths divided by `factor`, a smooth blend between the two cut-offs).
 */
export function ropeInverseFrequencies(config: DecoderConfig): Float64Array {
  const half = config.headDim / 2;
  const inverse = Float64Array.from(
    { length: half },
    (_, i) => config.ropeTheta ** ((-2 * i) / config.headDim),
  );
  const scaling = config.ropeScaling;
  if (!scaling) return inverse;
  const {
    factor,
    lowFreqFactor,
    highFreqFactor,
    originalMaxPositionEmbeddings: original,
  } = scaling;
  const lowFreqWavelength = original / lowFreqFactor;
  const highFreqWavelength = original / highFreqFactor;
  return inverse.map((frequency) => {
    const wavelength = (2 * Math.PI) / frequency;
    if (wavelength < highFreqWavelength) return frequency;
    if (wavelength > lowFreqWavelength) return frequency / factor;
    const smooth = (original / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
    return (1 - smooth) * (frequency / factor) + smooth * frequency;
  });
}

/** `cos` and `sin` of `position · invFreq[i]`, `[contextLength, D/2]` row-major, float64. */
export interface RopeTables {
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}

/** RoPE tables for every position below `config.contextLength`. */
export function ropeTables(config: DecoderConfig): RopeTables {
  const inverse = ropeInverseFrequencies(config);
  const half = inverse.length;
  const cos = new Float64Array(config.contextLength * half);
  const sin = new Float64Array(config.contextLength * half);
  for (let position = 0; position < config.contextLength; position++) {
    for (let i = 0; i < half; i++) {
      const angle = position * (inverse[i] as number);
      cos[position * half + i] = Math.cos(angle);
      sin[position * half + i] = Math.sin(angle);
    }
  }
  return { cos, sin };
}
