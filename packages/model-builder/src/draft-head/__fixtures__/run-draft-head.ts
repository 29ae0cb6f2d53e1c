import * as ort from 'onnxruntime-node';
import type { DraftHeadPass, DraftHeadPassOutput } from '../reference-draft-head-forward.js';
import { draftHeadTensorNames as names } from '../draft-head-io-names.js';
import type { Eagle3HeadConfig } from '@confu/checkpoint';

/** Runs a draft-head graph session on a pass given as the reference takes it. */
export async function runDraftHead(
  session: ort.InferenceSession,
  config: Eagle3HeadConfig,
  pass: DraftHeadPass,
  maskType: 'additive' | 'bool' = 'additive',
  topK = 5,
): Promise<DraftHeadPassOutput & { topLogProbs: Float32Array; topIds: BigInt64Array }> {
  const { hiddenSize: h, numKvHeads: KVH, headDim: D } = config;
  const rows = pass.positions.length;
  const total = pass.mask[0]?.length ?? rows;
  const flat = pass.mask.flat();
  const floats = (data: Float32Array | undefined, width: number): ort.Tensor => {
    const array = data ?? new Float32Array(0);
    return new ort.Tensor('float32', array, [1, array.length / width, width]);
  };
  const past = (data: Float32Array | undefined): ort.Tensor => {
    const array = data ?? new Float32Array(0);
    return new ort.Tensor('float32', array, [1, array.length / (KVH * D), KVH, D]);
  };
  const feeds: Record<string, ort.Tensor> = {
    [names.inputIds]: new ort.Tensor('int64', BigInt64Array.from(pass.tokens, BigInt), [
      1,
      pass.tokens.length,
    ]),
    [names.tokenEmbeds]: floats(pass.tokenEmbeds, h),
    [names.taps]: floats(pass.taps, 3 * h),
    [names.hidden]: floats(pass.hidden, h),
    [names.positionIds]: new ort.Tensor('int64', BigInt64Array.from(pass.positions, BigInt), [
      1,
      rows,
    ]),
    [names.attentionMask]:
      maskType === 'bool'
        ? new ort.Tensor('bool', Uint8Array.from(flat, Number), [1, 1, rows, total])
        : new ort.Tensor(
            'float32',
            Float32Array.from(flat, (v) => (v ? 0 : -Infinity)),
            [1, 1, rows, total],
          ),
    [names.pastKey]: past(pass.past?.keys),
    [names.pastValue]: past(pass.past?.values),
    [names.topK]: new ort.Tensor('int64', BigInt64Array.of(BigInt(topK)), [1]),
  };
  const out = await session.run(feeds);
  const data = (name: string): Float32Array => out[name]?.data as Float32Array;
  return {
    hiddenOut: data(names.hiddenOut),
    logits: data(names.logits),
    newKeys: data(names.newKey),
    newValues: data(names.newValue),
    topLogProbs: data(names.topLogProbs),
    topIds: out[names.topIds]?.data as BigInt64Array,
  };
}
