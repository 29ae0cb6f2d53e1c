import { ConfuError } from '@confu/errors';
import type { DecoderConfig } from '../decoder/decoder-weights.js';
import { formatValue } from '../safetensors/format-value.js';
import { createConfigFields } from './config-fields.js';

/**
 * Maps HF `rope_scaling` (or transformers v5 `rope_parameters`) to
 * {@link DecoderConfig.ropeScaling}: absent, `null` or type `default` → plain RoPE (`undefined`);
 * `llama3` → its four parameters.
 * @param value - the `rope_scaling` field; `label` names config.json for error messages.
 * @throws ConfuError `UNSUPPORTED` for other types (linear, dynamic, yarn, longrope, ...),
 * `INVALID_CONFIG` for malformed parameters.
 */
export function parseRopeScaling(value: unknown, label: string): DecoderConfig['ropeScaling'] {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfuError(
      'INVALID_CONFIG',
      `${label}: "rope_scaling" must be an object or null, got ${formatValue(value)}`,
    );
  }
  const scaling = value as Record<string, unknown>;
  // transformers reads `rope_type` first and falls back to the legacy `type`.
  const type = scaling['rope_type'] ?? scaling['type'];
  if (type === 'default') return undefined;
  if (type !== 'llama3') {
    throw new ConfuError(
      'UNSUPPORTED',
      `${label}: rope_scaling type ${formatValue(type)} is not supported (only "default" and "llama3")`,
    );
  }
  const fields = createConfigFields(scaling, `${label} rope_scaling`);
  const factor = fields.positiveNumber('factor');
  const lowFreqFactor = fields.positiveNumber('low_freq_factor');
  const highFreqFactor = fields.positiveNumber('high_freq_factor');
  const originalMaxPositionEmbeddings = fields.positiveInteger('original_max_position_embeddings');
  if (factor < 1 || highFreqFactor <= lowFreqFactor) {
    fields.fail(
      `llama3 needs factor >= 1 and high_freq_factor > low_freq_factor, got factor ${factor}, low_freq_factor ${lowFreqFactor}, high_freq_factor ${highFreqFactor}`,
    );
  }
  return { type: 'llama3', factor, lowFreqFactor, highFreqFactor, originalMaxPositionEmbeddings };
}
