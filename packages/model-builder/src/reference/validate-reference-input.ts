import { ConfuError } from '@confu/errors';
import type { DecoderConfig } from '@confu/checkpoint';
import type { ReferenceForwardInput } from './reference-forward.js';

/**
 * Checks the shapes and ranges of a reference pass; returns `count` (new rows `N = S + E`),
 * `tokenRows` (`S`, the rows from `tokens` / `embeds`) and `past` (`P`).
 */
export function validateReferenceInput(
  config: DecoderConfig,
  input: ReferenceForwardInput,
): { count: number; tokenRows: number; past: number } {
  const invalid = (message: string): ConfuError =>
    new ConfuError('INVALID_ARGUMENT', `referenceForward: ${message}`);
  if ((input.tokens === undefined) === (input.embeds === undefined))
    throw invalid('pass exactly one of `tokens` and `embeds`');
  const count = input.positions.length;
  if (count === 0) throw invalid('`positions` is empty');
  const extraRows = (input.extraEmbeds?.length ?? 0) / config.hiddenSize;
  if (!Number.isInteger(extraRows))
    throw invalid(
      `\`extraEmbeds\` has ${input.extraEmbeds?.length} floats, not a multiple of h = ${config.hiddenSize}`,
    );
  const tokenRows = count - extraRows;
  if (tokenRows < 0) throw invalid(`${extraRows} extra rows but only ${count} positions`);
  if (input.tokens) {
    if (input.tokens.length !== tokenRows)
      throw invalid(
        `${input.tokens.length} tokens + ${extraRows} extra rows but ${count} positions`,
      );
    const bad = input.tokens.find(
      (token) => !Number.isInteger(token) || token < 0 || token >= config.vocabSize,
    );
    if (bad !== undefined) throw invalid(`token ${bad} is outside [0, ${config.vocabSize})`);
  } else if (input.embeds?.length !== tokenRows * config.hiddenSize) {
    throw invalid(
      `\`embeds\` has ${input.embeds?.length} floats, expected ${tokenRows}·${config.hiddenSize}`,
    );
  }
  const badPosition = input.positions.find(
    (p) => !Number.isInteger(p) || p < 0 || p >= config.contextLength,
  );
  if (badPosition !== undefined)
    throw invalid(`position ${badPosition} is outside [0, ${config.contextLength})`);

  const rowSize = config.numKvHeads * config.headDim;
  const past = input.past ? (input.past.keys[0]?.length ?? 0) / rowSize : 0;
  if (input.past) {
    if (!Number.isInteger(past))
      throw invalid(
        `past.keys[0] has ${input.past.keys[0]?.length} floats, not a multiple of KVH·D = ${rowSize}`,
      );
    for (const [name, arrays] of Object.entries(input.past)) {
      if (arrays.length !== config.numLayers)
        throw invalid(`past.${name} has ${arrays.length} layers, expected ${config.numLayers}`);
      arrays.forEach((array: Float32Array, layer: number) => {
        if (array.length !== past * rowSize)
          throw invalid(
            `past.${name}[${layer}] has ${array.length} floats, expected ${past}·${rowSize}`,
          );
      });
    }
  }
  if (input.mask.length !== count)
    throw invalid(`mask has ${input.mask.length} rows, expected ${count}`);
  input.mask.forEach((row, s) => {
    if (row.length !== past + count)
      throw invalid(`mask row ${s} has ${row.length} entries, expected P + S = ${past + count}`);
    if (!row.includes(true)) throw invalid(`mask row ${s} hides every key`);
  });
  return { count, tokenRows, past };
}
