import { ConfuError } from '@confu/errors';
import type { DecoderConfig, DecoderWeights, LayerWeights } from '../decoder/decoder-weights.js';
import { formatValue } from '../safetensors/format-value.js';
import { globalTensorSpecs, layerTensorSpecs } from './decoder-tensor-names.js';
import type { TensorSpec } from './decoder-tensor-names.js';
import type { SafetensorsCheckpoint } from './safetensors-checkpoint.js';

/**
 * Reads a Llama-family decoder from a transformers checkpoint. Every tensor's presence, dtype and
 * shape is checked before the first weight is read, so a bad checkpoint fails fast. No RoPE
 * permutation: transformers checkpoints already use the rotate_half layout.
 * @param configLabel - config.json's location, for errors about the config.
 * @throws ConfuError `INVALID_FILE` (missing tensor, wrong shape), `UNSUPPORTED` (dtype, a
 * non-zero o_proj bias), `INVALID_CONFIG` (the checkpoint has more layers than the config).
 */
export async function loadDecoderWeights(
  checkpoint: SafetensorsCheckpoint,
  config: DecoderConfig,
  configLabel: string,
): Promise<DecoderWeights> {
  checkLayerCount(checkpoint, config, configLabel);
  const global = globalTensorSpecs(config);
  const allSpecs = function* (): Generator<TensorSpec> {
    yield* Object.values(global);
    for (let layer = 0; layer < config.numLayers; layer++) {
      yield* Object.values(layerTensorSpecs(config, layer));
    }
  };
  for (const spec of allSpecs()) checkpoint.checkWeight(spec.name, spec.shape);
  for (let layer = 0; layer < config.numLayers; layer++) {
    await checkOutputBias(checkpoint, config, layer);
  }

  const read = (spec: TensorSpec): Promise<Float32Array> =>
    checkpoint.readWeight(spec.name, spec.shape);
  const layers: LayerWeights[] = [];
  for (let layer = 0; layer < config.numLayers; layer++) {
    const weights: Partial<Record<keyof LayerWeights, Float32Array>> = {};
    for (const [key, spec] of Object.entries(layerTensorSpecs(config, layer))) {
      weights[key as keyof LayerWeights] = await read(spec);
    }
    layers.push(weights as LayerWeights);
  }
  return {
    config,
    embedding: await read(global.embedding),
    layers,
    finalNorm: await read(global.finalNorm),
    ...(global.lmHead ? { lmHead: await read(global.lmHead) } : {}),
  };
}

/** Layers beyond `num_hidden_layers` mean config and weights disagree; dropping them would be silent. */
function checkLayerCount(
  checkpoint: SafetensorsCheckpoint,
  config: DecoderConfig,
  configLabel: string,
): void {
  for (const name of checkpoint.tensorNames) {
    const match = /^model\.layers\.(\d+)\./.exec(name);
    if (match && Number(match[1]) >= config.numLayers) {
      throw new ConfuError(
        'INVALID_CONFIG',
        `${configLabel}: num_hidden_layers is ${config.numLayers} but ${checkpoint.label} has tensor ${formatValue(name)}`,
      );
    }
  }
}

/**
 * `attention_bias` (Llama, Qwen3) also gives o_proj a bias, which {@link LayerWeights} cannot
 * hold: an all-zero one is dropped exactly, any other is refused rather than silently ignored.
 */
async function checkOutputBias(
  checkpoint: SafetensorsCheckpoint,
  config: DecoderConfig,
  layer: number,
): Promise<void> {
  const name = `model.layers.${layer}.self_attn.o_proj.bias`;
  if (!checkpoint.find(name)) return;
  const bias = await checkpoint.readWeight(name, [config.hiddenSize]);
  if (bias.some((value) => value !== 0)) {
    throw new ConfuError(
      'UNSUPPORTED',
      `${checkpoint.label}: tensor ${formatValue(name)} is a non-zero o_proj bias, which DecoderWeights cannot hold`,
    );
  }
}
