import type { DecoderConfig } from '@confu/checkpoint';

/**
 * The `rope_freqs.weight` tensor llama.cpp reads for Llama 3.1 RoPE scaling: one divisor per
 * frequency, as convert_hf_to_gguf.py `LlamaModel.generate_extra_tensors` computes it.
 */
export function llama3RopeFactors(
  config: DecoderConfig,
  scaling: NonNullable<DecoderConfig['ropeScaling']>,
): Float32Array {
  const dim = config.headDim;
  const lowWavelength = scaling.originalMaxPositionEmbeddings / scaling.lowFreqFactor;
  const highWavelength = scaling.originalMaxPositionEmbeddings / scaling.highFreqFactor;
  return Float32Array.from({ length: dim / 2 }, (_, i) => {
    const frequency = Math.fround(1 / Math.fround(config.ropeTheta ** Math.fround((2 * i) / dim)));
    const wavelength = (2 * Math.PI) / frequency;
    if (wavelength < highWavelength) return 1;
    if (wavelength > lowWavelength) return scaling.factor;
    const smooth =
      (scaling.originalMaxPositionEmbeddings / wavelength - scaling.lowFreqFactor) /
      (scaling.highFreqFactor - scaling.lowFreqFactor);
    return 1 / ((1 - smooth) / scaling.factor + smooth);
  });
}
