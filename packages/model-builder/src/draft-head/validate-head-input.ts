import { ConfuError } from '@confu/errors';
import type { Eagle3HeadConfig } from '@confu/checkpoint';
import type { DraftHeadPass } from './reference-draft-head-forward.js';

/**
 * Checks the shapes of a reference head pass; returns the rows `N`, past rows `P` and taps rows `A`.
 * @throws ConfuError `INVALID_ARGUMENT` naming the offending input.
 */
export function validateHeadInput(
  config: Eagle3HeadConfig,
  targetEmbedding: Float32Array,
  pass: DraftHeadPass,
): { rows: number; past: number; tapRows: number } {
  const fail = (message: string): never => {
    throw new ConfuError('INVALID_ARGUMENT', `referenceDraftHeadForward: ${message}`);
  };
  const { hiddenSize: h, vocabSize: V } = config;
  if (targetEmbedding.length !== V * h) {
    fail(`targetEmbedding has ${targetEmbedding.length} floats, expected ${V}·${h}`);
  }
  const rowsOf = (array: Float32Array | undefined, width: number, name: string): number => {
    const rows = (array?.length ?? 0) / width;
    if (!Number.isInteger(rows))
      fail(`\`${name}\` has ${array?.length} floats, not rows of ${width}`);
    return rows;
  };
  const extra = rowsOf(pass.tokenEmbeds, h, 'tokenEmbeds');
  const tapRows = rowsOf(pass.taps, 3 * h, 'taps');
  const hiddenRows = rowsOf(pass.hidden, h, 'hidden');
  const rows = pass.tokens.length + extra;
  if (rows === 0) fail('no rows: pass tokens or tokenEmbeds');
  if (tapRows + hiddenRows !== rows) {
    fail(`${tapRows} taps rows + ${hiddenRows} hidden rows do not match ${rows} embedding rows`);
  }
  const bad = pass.tokens.find((token) => !Number.isInteger(token) || token < 0 || token >= V);
  if (bad !== undefined) fail(`token ${bad} is outside [0, ${V})`);
  if (pass.positions.length !== rows) fail(`${pass.positions.length} positions for ${rows} rows`);
  const kvWidth = config.numKvHeads * config.headDim;
  const past = rowsOf(pass.past?.keys, kvWidth, 'past.keys');
  if ((pass.past?.values.length ?? 0) !== past * kvWidth)
    fail('past.values and past.keys differ in size');
  if (pass.mask.length !== rows) fail(`mask has ${pass.mask.length} rows, expected ${rows}`);
  pass.mask.forEach((row, index) => {
    if (row.length !== past + rows)
      fail(`mask row ${index} has ${row.length} entries, expected P + N = ${past + rows}`);
    if (!row.includes(true)) fail(`mask row ${index} hides every key`);
  });
  return { rows, past, tapRows };
}
