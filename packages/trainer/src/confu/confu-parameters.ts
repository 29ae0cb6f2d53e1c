import { isConfuHead } from '@confu/checkpoint';
import type { ConfuHeadWeights, ConfuWeights, Eagle3HeadWeights } from '@confu/checkpoint';
import { eagle3HeadFromParameters, eagle3ParameterDims } from '../eagle3/eagle3-parameters.js';
import type { SeededRandom } from '@confu/sampler';
import type { ConfuTrainHeadConfig } from './confu-ttt-shape.js';

/** SpecForge-style name ↔ {@link ConfuWeights} field of every ConFu tensor. */
export const confuParameterKeys = {
  'confu.soft_prompt': 'softPrompt',
  'confu.con_router.weight': 'conRouter',
  'confu.con_experts': 'conExperts',
  'confu.f_router.weight': 'fRouter',
  'confu.f_experts': 'fExperts',
  'confu.con_static': 'conStatic',
  'confu.f_static': 'fStatic',
} as const satisfies Record<string, keyof ConfuWeights>;

/** A ConFu tensor's name. */
export type ConfuParameterName = keyof typeof confuParameterKeys;

/** Dims of the ConFu tensors a head with `config` trains (by mode). */
export function confuParameterDims(
  config: ConfuTrainHeadConfig,
): Partial<Record<ConfuParameterName, number[]>> {
  const { hiddenSize: h, confu } = config;
  const soft = { 'confu.soft_prompt': [confu.softPromptLength, h] };
  if (confu.mode === 'static') {
    return { ...soft, 'confu.con_static': [h], 'confu.f_static': [h] };
  }
  const nE = confu.numExperts;
  return {
    ...soft,
    'confu.con_router.weight': [nE, 3 * h],
    'confu.con_experts': [nE, h],
    'confu.f_router.weight': [nE, h],
    'confu.f_experts': [nE, h],
  };
}

/** Dims of every trainable tensor: the EAGLE-3 head's plus the ConFu ones. */
export function allConfuParameterDims(config: ConfuTrainHeadConfig): Record<string, number[]> {
  return { ...eagle3ParameterDims(config), ...confuParameterDims(config) };
}

/**
 * Fresh ConFu tensors (confu-spec.md §7.8: the draft itself starts from an EAGLE-3 head).
 * Embedding-like rows (soft prompt, experts, static embeddings) are target embedding rows of
 * random tokens, so they start at the scale the target expects; routers start at N(0, 0.02²),
 * close to uniform gates.
 */
export function initialConfuParameters(
  config: ConfuTrainHeadConfig,
  embedding: Float32Array,
  random: SeededRandom,
): Record<string, Float32Array> {
  const { hiddenSize: h, vocabSize: V } = config;
  const out: Record<string, Float32Array> = {};
  for (const [name, dims] of Object.entries(confuParameterDims(config))) {
    const count = dims.reduce((a, b) => a * b, 1);
    if (name.endsWith('router.weight')) {
      out[name] = Float32Array.from({ length: count }, () => 0.02 * random.normal());
      continue;
    }
    const rows = new Float32Array(count);
    for (let row = 0; row < count / h; row++) {
      const token = random.integer(V);
      rows.set(embedding.subarray(token * h, (token + 1) * h), row * h);
    }
    out[name] = rows;
  }
  return out;
}

/** The ConFu tensors of an existing ConFu head (copies), to continue training it. */
export function confuParametersOf(head: ConfuHeadWeights): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const name of Object.keys(confuParameterDims(head.config)) as ConfuParameterName[]) {
    const value = head.confu[confuParameterKeys[name]];
    if (value) out[name] = Float32Array.from(value);
  }
  return out;
}

/** A ConFu head from trained tensors (EAGLE-3 ones by SpecForge name plus `confu.*`). */
export function confuHeadFromParameters(
  config: ConfuTrainHeadConfig,
  params: Readonly<Record<string, Float32Array>>,
  vocab: { readonly d2t: BigInt64Array; readonly t2d: Uint8Array },
): ConfuHeadWeights {
  const base: Eagle3HeadWeights = eagle3HeadFromParameters(config, params, vocab);
  const confu: Record<string, Float32Array> = {};
  for (const name of Object.keys(confuParameterDims(config)) as ConfuParameterName[]) {
    const value = params[name];
    if (!value) throw new Error(`missing trained tensor ${name}`);
    confu[confuParameterKeys[name]] = Float32Array.from(value);
  }
  const head = { ...base, config, confu: confu as unknown as ConfuWeights };
  if (!isConfuHead(head)) throw new Error('not a ConFu head');
  return head;
}
