import { assertArgument } from '@confu/errors';
import type { DecoderConfig } from '@confu/checkpoint';

/**
 * A language-model training graph: a Llama-family decoder (`config`: RMSNorm, RoPE, GQA,
 * SwiGLU; no q/k/v biases or q/k norms) over `batch` sequences of `seq` tokens.
 */
export interface LmShape {
  readonly config: DecoderConfig;
  readonly batch: number;
  readonly seq: number;
  /**
   * `labels`: causal cross-entropy against the next token (`-100` = ignored row);
   * `distribution`: soft cross-entropy against per-row target probabilities (distillation from a
   * teacher's full next-token distribution, optionally mixed with the one-hot next token).
   */
  readonly loss: 'labels' | 'distribution';
}

/** Graph inputs of one batch. */
export const lmInputs = {
  /** `[B, S]` int64 token ids. */
  inputIds: 'lm.input_ids',
  /** `[B, S]` int64 next-token ids, {@link ignoredLabel} for rows out of the loss (`labels` loss). */
  labels: 'lm.labels',
  /** `[B·S, V]` float target probabilities of each row (`distribution` loss). */
  targetProbs: 'lm.target_probs',
  /** `[B·S]` float row weights summing to 1 over the batch (`distribution` loss). */
  rowWeights: 'lm.row_weights',
} as const;

/** The label of rows that are not scored (ONNX `ignore_index`, PyTorch's default). */
export const ignoredLabel = -100;

/**
 * Checks that `shape` describes a decoder the LM graph can train.
 * @throws ConfuError `INVALID_ARGUMENT` naming the first problem.
 */
export function checkLmShape(shape: LmShape): void {
  const { config, batch, seq } = shape;
  const { hiddenSize: h, numHeads: H, numKvHeads: KVH, headDim: D } = config;
  assertArgument(Number.isInteger(batch) && batch >= 1, `batch must be ≥ 1, got ${batch}`);
  assertArgument(
    Number.isInteger(seq) && seq >= 1 && seq <= config.contextLength,
    `seq must be in [1, ${config.contextLength}] (the context length), got ${seq}`,
  );
  assertArgument(
    [h, H, KVH, D, config.intermediateSize, config.numLayers, config.vocabSize].every(
      (value) => Number.isInteger(value) && value >= 1,
    ),
    'decoder dimensions must be positive integers',
  );
  assertArgument(H % KVH === 0, `numHeads ${H} is not a multiple of numKvHeads ${KVH}`);
  assertArgument(D % 2 === 0, `headDim must be even (RoPE), got ${D}`);
  assertArgument(
    !config.qkvBias && !config.qkNorm,
    'LM training supports Llama decoders only (no q/k/v biases, no q/k norms)',
  );
}
