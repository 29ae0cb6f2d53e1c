import { ConfuError } from '@confu/errors';

/**
 * Default EAGLE-3 tap layers `[2, floor(L/2), L-3]`, each clamped to `[0, L-1]`, sorted low → high
 * (duplicates are kept so the tap width is always 3·h).
 */
export function defaultTapLayers(numLayers: number): number[] {
  const clamp = (layer: number): number => Math.min(numLayers - 1, Math.max(0, layer));
  // Sorted because small models reorder them (L = 3 gives [2, 1, 0]); taps concatenate low → high.
  return [2, Math.floor(numLayers / 2), numLayers - 3].map(clamp).sort((a, b) => a - b);
}

/** Validates explicit tap layers and sorts them low → high (or returns the defaults). */
export function resolveTapLayers(numLayers: number, tapLayers?: readonly number[]): number[] {
  if (tapLayers === undefined) return defaultTapLayers(numLayers);
  if (tapLayers.length === 0)
    throw new ConfuError('INVALID_ARGUMENT', '`tapLayers` must not be empty');
  for (const layer of tapLayers) {
    if (!Number.isInteger(layer) || layer < 0 || layer >= numLayers) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `\`tapLayers\`: ${layer} is not a layer index in [0, ${numLayers - 1}]`,
      );
    }
  }
  return [...tapLayers].sort((a, b) => a - b);
}
