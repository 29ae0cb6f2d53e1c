import { assertArgument } from '@confu/errors';
import type { ConfuHeadConfig, DecoderConfig, Eagle3HeadConfig } from '@confu/checkpoint';
import { checkTttShape } from '../eagle3/eagle3-ttt-shape.js';
import type { Eagle3TttShape } from '../eagle3/eagle3-ttt-shape.js';

/** A draft head with a ConFu section. */
export type ConfuTrainHeadConfig = Eagle3HeadConfig & { readonly confu: ConfuHeadConfig };

/** Fixed shape of one ConFu training batch (confu-spec.md §7.8). */
export interface ConfuTttShape extends Eagle3TttShape {
  readonly head: ConfuTrainHeadConfig;
  /** The frozen target (hidden size = the head's). */
  readonly target: DecoderConfig;
  /** Target layers whose input states are the taps, low → high (3 of them). */
  readonly tapLayers: readonly number[];
  /** Anchors per sequence `K_train`: one contemplate token after each. */
  readonly anchors: number;
  /**
   * Where `f` comes from: `contemplate` (ConFu) or `next-taps`, a diagnostic upper bound that feeds
   * the true taps of the root token (row a + 1), which no inference round has. Default contemplate.
   */
  readonly future?: 'contemplate' | 'next-taps';
  /**
   * Layers whose input states form the contemplate token's `f` (default `tapLayers`, what inference
   * reads). Other values are a training-side diagnostic: how much a deeper `f` would give.
   */
  readonly futureLayers?: readonly number[];
}

/** Graph input names of the ConFu training graph besides the EAGLE-3 ones and the parameters. */
export const confuTttInputs = {
  /** `[B, S]` int64: target tokens 0 … S−1 (the sequence the contemplate tokens look at). */
  targetIds: 'target_ids',
  /** `[B·K]` int64: flat row `b·S + a` of each anchor `a` (router input of `[f]`). */
  anchorRows: 'anchor_rows',
  /** `[B·K]` int64: flat row whose taps feed the `[con]` router (`b·S + max(a − 1, 0)`). */
  routerRows: 'router_rows',
  /** `[B, K]` int64: `a + 1`, the position of the contemplate token and of the `[f]` slot. */
  anchorPositions: 'anchor_positions',
  /** `[B, K, S]` float32 additive: 0 for columns ≤ a (what the contemplate token sees), −1e9 after. */
  anchorMask: 'anchor_mask',
  /** `[B, S, K]` float32 additive: 0 where draft row i uses anchor k's future, −1e9 elsewhere. */
  futureMask: 'future_mask',
  /** `[B·K]` int64, `next-taps` only: flat row `b·S + min(a + 1, S − 1)`. */
  nextRows: 'next_rows',
} as const;

/** Validates a ConFu shape. @throws ConfuError `INVALID_ARGUMENT` */
export function checkConfuTttShape(shape: ConfuTttShape): void {
  checkTttShape(shape);
  const { head, target, tapLayers } = shape;
  assertArgument(
    Number.isInteger(shape.anchors) && shape.anchors >= 1,
    `\`anchors\` must be a positive integer, got ${shape.anchors}`,
  );
  assertArgument(
    target.hiddenSize === head.hiddenSize,
    `target hidden size ${target.hiddenSize} differs from the head's ${head.hiddenSize}`,
  );
  assertArgument(
    target.vocabSize === head.vocabSize,
    `target vocabulary ${target.vocabSize} differs from the head's ${head.vocabSize}`,
  );
  assertArgument(
    tapLayers.length === 3 &&
      tapLayers.every((layer) => Number.isInteger(layer) && layer >= 0 && layer < target.numLayers),
    `\`tapLayers\` must be 3 layer indices in [0, ${target.numLayers - 1}], got [${tapLayers.join(', ')}]`,
  );
  const futureLayers = shape.futureLayers ?? tapLayers;
  assertArgument(
    futureLayers.length === 3 &&
      futureLayers.every(
        (layer) => Number.isInteger(layer) && layer >= 0 && layer < target.numLayers,
      ),
    `\`futureLayers\` must be 3 layer indices in [0, ${target.numLayers - 1}], got [${futureLayers.join(', ')}]`,
  );
  const positions = shape.seq + shape.tttSteps;
  assertArgument(
    positions <= target.contextLength && positions <= head.contextLength,
    `${positions} positions exceed the context (${Math.min(target.contextLength, head.contextLength)})`,
  );
  const { confu } = head;
  assertArgument(
    Number.isInteger(confu.softPromptLength) && confu.softPromptLength >= 1,
    'the soft prompt needs at least one row',
  );
  if (confu.mode === 'moe') {
    assertArgument(
      Number.isInteger(confu.topK) && confu.topK >= 1 && confu.topK <= confu.numExperts,
      `top-K ${confu.topK} must be in [1, ${confu.numExperts}]`,
    );
  }
}
