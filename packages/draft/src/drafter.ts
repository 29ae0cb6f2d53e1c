import type { DraftTree } from './draft-tree.js';

/** Target-side facts a drafter needs after each verification pass. */
export interface TargetFeatures {
  /**
   * `[k, numTaps·h]`: hidden-state taps of the `k` positions committed since the previous
   * `observe` (EAGLE-3 pairs the feature of position i with the token at i + 1).
   */
  readonly taps?: Float32Array;
  /**
   * ConFu future prediction `f`, `[numTaps·h]`: the taps of the contemplate token attached to the
   * last accepted node.
   */
  readonly future?: Float32Array;
}

/** What a drafter needs the verifier to fetch from the target. */
export interface DrafterRequirements {
  /** Fetch `hidden_taps` of committed positions (EAGLE-3, ConFu). */
  readonly taps: boolean;
  /** Attach ConFu contemplate tokens to the verification pass. */
  readonly contemplate: boolean;
}

/** ConFu target-side inputs owned by the draft head file. */
export interface ContemplateInputs {
  /** `[s, h]` soft-prompt embeddings (their KV is computed once per target, positions 0..s-1). */
  readonly softPrompt: Float32Array;
  readonly softPromptLength: number;
}

/** Per-request drafting state (one per generation, so requests never share caches). */
export interface DraftSession {
  /**
   * Reports the committed sequence: `tokens` holds every token in the target cache followed by the
   * root (the last element: sampled by the target, not yet run through it). `features` cover the
   * positions committed since the previous call (the whole prompt on the first call).
   */
  observe(tokens: readonly number[], features: TargetFeatures, signal?: AbortSignal): Promise<void>;
  /** Proposes a tree rooted at the last observed token. */
  draft(signal?: AbortSignal): Promise<DraftTree>;
  /**
   * ConFu: the contemplate-token embedding `e_con` `[h]` for the next verification pass (from the
   * `[con]` MoE over the last accepted token's taps, or the static embedding). Other drafters omit it.
   */
  contemplateEmbedding?(): Float32Array;
  /** Releases per-request resources (caches). */
  dispose(): void;
}

/** A source of draft trees: n-gram lookup, a small LM, an EAGLE-3 or ConFu head. */
export interface Drafter {
  /** `ngram`, `lm`, `eagle3`, `confu`. */
  readonly kind: string;
  readonly requirements: DrafterRequirements;
  /** ConFu only: soft prompt for the target side. */
  readonly contemplate?: ContemplateInputs;
  /** Starts drafting for one generation. */
  createSession(): DraftSession;
  /** Releases shared resources (head sessions). */
  dispose(): Promise<void>;
}
