import { assertArgument } from '@confu/errors';
import type { Eagle3HeadConfig } from '@confu/checkpoint';

/** Fixed shape of one EAGLE-3 training-time-test batch (confu-spec.md §6.1). */
export interface Eagle3TttShape {
  readonly head: Eagle3HeadConfig;
  /** Sequences per batch `B`. */
  readonly batch: number;
  /** Draft rows per sequence `S` (feature positions 0 … S−1). */
  readonly seq: number;
  /** Unrolled steps `T` (EAGLE-3: 7). */
  readonly tttSteps: number;
  /** Loss weight of step `s` is `decay^s` (EAGLE-3: 0.8). */
  readonly stepDecay: number;
}

/** Graph input names of the training-time-test graph (besides the parameters). */
export const eagle3TttInputs = {
  /** `[V, h]` float32: the frozen target embedding, fed as data, never trained. */
  embedding: 'embed_tokens',
  /** `[B, S, 3h]` float32 target taps of positions 0 … S−1. */
  taps: 'taps',
  /** `[B, S + T − 1]` int64: column `c` holds token `c + 1` (step `s` reads columns `s … s+S−1`). */
  inputIds: 'input_ids',
  /** `[B, S + T − 1, Vd]` float32: column `c` is the target distribution of token `c + 2`, restricted to the draft vocabulary. */
  targetProbs: 'target_probs',
  /** `[T, B, S]` float32 loss weight per step and row (0.8^s · mask / masked count). */
  stepWeights: 'step_weights',
} as const;

/** Validates a shape. @throws ConfuError `INVALID_ARGUMENT` */
export function checkTttShape(shape: Eagle3TttShape): void {
  for (const key of ['batch', 'seq', 'tttSteps'] as const) {
    assertArgument(
      Number.isInteger(shape[key]) && shape[key] >= 1,
      `\`${key}\` must be a positive integer, got ${shape[key]}`,
    );
  }
  assertArgument(
    shape.stepDecay > 0 && Number.isFinite(shape.stepDecay),
    `\`stepDecay\` must be positive, got ${shape.stepDecay}`,
  );
  const { numHeads, numKvHeads, headDim } = shape.head;
  assertArgument(numHeads % numKvHeads === 0, 'numHeads must be a multiple of numKvHeads');
  assertArgument(headDim % 2 === 0, 'headDim must be even (RoPE)');
}
