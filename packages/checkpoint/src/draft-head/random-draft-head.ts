import { ConfuError } from '@confu/errors';
import { createSeededRandom } from '@confu/sampler';
import type { RandomSource } from '@confu/sampler';
import { headConfigForTarget } from './head-config-for-target.js';
import type { DecoderConfig } from '../decoder/decoder-weights.js';
import type { ConfuHeadConfig, Eagle3HeadConfig } from './draft-head-config.js';
import type { ConfuWeights, Eagle3HeadWeights } from './draft-head-weights.js';
import { validateDraftHead } from './validate-draft-head.js';
import { vocabMappingFromTargetIds } from './vocab-mapping.js';

/** Options of {@link randomDraftHead}. */
export interface RandomDraftHeadOptions {
  readonly seed: number;
  /** Draft vocabulary size; a seeded subset of the target ids. Default: the target's (identity). */
  readonly draftVocabSize?: number;
  /** Make a ConFu head. Defaults: `softPromptLength` 4, `mode` `'moe'`, 4 experts, top 2. */
  readonly confu?: {
    readonly softPromptLength?: number;
    readonly mode?: 'moe' | 'static';
    readonly numExperts?: number;
    readonly topK?: number;
  };
  /** `Eagle3HeadConfig.tapLayers` to record. Default none (the target's default taps). */
  readonly tapLayers?: readonly number[];
}

/**
 * A seeded random head shaped for `target` (its attention, MLP and RoPE settings), with activations
 * of order one: for tests, and for exercising `--draft eagle3|confu` without a trained head (it
 * drafts poorly but verification stays lossless). ConFu heads get every optional tensor.
 * @throws ConfuError `INVALID_ARGUMENT` for a bad draft vocabulary size or ConFu shape.
 */
export function randomDraftHead(
  target: DecoderConfig,
  options: RandomDraftHeadOptions,
): Eagle3HeadWeights {
  const random = createSeededRandom(options.seed);
  const V = target.vocabSize;
  const Vd = options.draftVocabSize ?? V;
  if (!Number.isInteger(Vd) || Vd < 1 || Vd > V) {
    throw new ConfuError('INVALID_ARGUMENT', `\`draftVocabSize\` must be in [1, ${V}], got ${Vd}`);
  }
  const confu = options.confu ? confuConfig(options.confu) : undefined;
  const config: Eagle3HeadConfig = {
    ...headConfigForTarget(target, Vd),
    ...(options.tapLayers ? { tapLayers: [...options.tapLayers] } : {}),
    ...(confu ? { confu } : {}),
  };
  const { hiddenSize: h, numHeads: H, numKvHeads: KVH, headDim: D, intermediateSize: I } = config;
  const uniform = (length: number, scale: number, offset = 0): Float32Array =>
    Float32Array.from({ length }, () => offset + scale * (2 * random.next() - 1));
  const linear = (out: number, inputs: number): Float32Array =>
    uniform(out * inputs, 1.7 / Math.sqrt(inputs));
  const norm = (): Float32Array => uniform(h, 0.2, 1);
  const head: Eagle3HeadWeights = {
    config,
    fc: linear(h, 3 * h),
    inputLayernorm: norm(),
    hiddenNorm: norm(),
    wq: linear(H * D, 2 * h),
    wk: linear(KVH * D, 2 * h),
    wv: linear(KVH * D, 2 * h),
    wo: linear(h, H * D),
    postAttentionLayernorm: norm(),
    wGate: linear(I, h),
    wUp: linear(I, h),
    wDown: linear(h, I),
    norm: norm(),
    lmHead: linear(Vd, h),
    ...vocabMappingFromTargetIds(sampleIds(V, Vd, random), V),
    ...(confu ? { confu: confuWeights(confu, h, uniform) } : {}),
  };
  validateDraftHead(head);
  return head;
}

function confuConfig(options: NonNullable<RandomDraftHeadOptions['confu']>): ConfuHeadConfig {
  const softPromptLength = options.softPromptLength ?? 4;
  if (options.mode === 'static') return { mode: 'static', softPromptLength };
  const numExperts = options.numExperts ?? 4;
  return {
    mode: 'moe',
    softPromptLength,
    numExperts,
    topK: options.topK ?? Math.min(2, numExperts),
  };
}

function confuWeights(
  config: ConfuHeadConfig,
  h: number,
  uniform: (length: number, scale: number) => Float32Array,
): ConfuWeights {
  const experts = config.mode === 'moe' ? config.numExperts : 0;
  return {
    softPrompt: uniform(config.softPromptLength * h, 1),
    conStatic: uniform(h, 1),
    fStatic: uniform(h, 1),
    ...(experts
      ? {
          conRouter: uniform(experts * 3 * h, 3 / Math.sqrt(3 * h)),
          conExperts: uniform(experts * h, 1),
          fRouter: uniform(experts * h, 3 / Math.sqrt(h)),
          fExperts: uniform(experts * h, 1),
        }
      : {}),
  };
}

/** `count` distinct ids below `vocabSize` (all of them when equal), by a seeded partial shuffle. */
function sampleIds(vocabSize: number, count: number, random: RandomSource): number[] {
  const ids = Array.from({ length: vocabSize }, (_, id) => id);
  if (count === vocabSize) return ids;
  for (let index = 0; index < count; index++) {
    const pick = index + Math.floor(random.next() * (vocabSize - index));
    [ids[index], ids[pick]] = [ids[pick] as number, ids[index] as number];
  }
  return ids.slice(0, count);
}
