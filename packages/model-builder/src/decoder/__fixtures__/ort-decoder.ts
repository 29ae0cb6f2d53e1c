import * as ort from 'onnxruntime-node';
import { concatExternalData } from '@confu/onnx';
import type { BuiltModel } from '@confu/onnx';
import { decoderTensorNames as names } from '../decoder-io-names.js';
import type { DecoderConfig } from '@confu/checkpoint';

/** An ORT session created from in-memory model bytes and external data. */
export async function createSession(built: BuiltModel): Promise<ort.InferenceSession> {
  const externalData = built.externalData.byteLength
    ? [{ path: built.externalData.path, data: concatExternalData(built.externalData) }]
    : [];
  return ort.InferenceSession.create(built.model, { externalData, logSeverityLevel: 3 });
}

/** One decoder pass, with inputs as the reference forward pass takes them. */
export interface DecoderPass {
  readonly tokens?: readonly number[];
  readonly embeds?: Float32Array;
  /** `[E, h]` rows after the token rows; fed as `[1, 0, h]` when absent and the graph has the input. */
  readonly extraEmbeds?: Float32Array;
  readonly positions: readonly number[];
  readonly mask: readonly (readonly boolean[])[];
  readonly past?: {
    readonly keys: readonly Float32Array[];
    readonly values: readonly Float32Array[];
  };
}

/** Runs the decoder graph and returns outputs shaped like `referenceForward`'s. */
export async function runDecoder(
  session: ort.InferenceSession,
  config: DecoderConfig,
  maskType: 'additive' | 'bool',
  pass: DecoderPass,
): Promise<{
  logits: Float32Array;
  newKeys: Float32Array[];
  newValues: Float32Array[];
  hiddenTaps: Float32Array;
}> {
  const S = pass.positions.length;
  const rowSize = config.numKvHeads * config.headDim;
  const T = pass.mask[0]?.length ?? S;
  const flatMask = pass.mask.flat();
  const feeds: Record<string, ort.Tensor> = {
    [names.positionIds]: new ort.Tensor('int64', BigInt64Array.from(pass.positions, BigInt), [
      1,
      S,
    ]),
    [names.attentionMask]:
      maskType === 'bool'
        ? new ort.Tensor('bool', Uint8Array.from(flatMask, Number), [1, 1, S, T])
        : new ort.Tensor(
            'float32',
            Float32Array.from(flatMask, (v) => (v ? 0 : -Infinity)),
            [1, 1, S, T],
          ),
  };
  const h = config.hiddenSize;
  const extra = pass.extraEmbeds ?? new Float32Array(0);
  const tokenRows = S - extra.length / h;
  if (pass.tokens)
    feeds[names.inputIds] = new ort.Tensor('int64', BigInt64Array.from(pass.tokens, BigInt), [
      1,
      tokenRows,
    ]);
  if (pass.embeds)
    feeds[names.inputsEmbeds] = new ort.Tensor('float32', pass.embeds, [1, tokenRows, h]);
  if (session.inputNames.includes(names.extraEmbeds))
    feeds[names.extraEmbeds] = new ort.Tensor('float32', extra, [1, extra.length / h, h]);
  for (let layer = 0; layer < config.numLayers; layer++) {
    const key = pass.past?.keys[layer] ?? new Float32Array(0);
    const value = pass.past?.values[layer] ?? new Float32Array(0);
    const dims = [1, key.length / rowSize, config.numKvHeads, config.headDim];
    feeds[names.pastKey(layer)] = new ort.Tensor('float32', key, dims);
    feeds[names.pastValue(layer)] = new ort.Tensor('float32', value, dims);
  }
  const out = await session.run(feeds);
  const data = (name: string): Float32Array => out[name]?.data as Float32Array;
  const layers = Array.from({ length: config.numLayers }, (_, layer) => layer);
  return {
    logits: data(names.logits),
    newKeys: layers.map((layer) => data(names.newKey(layer))),
    newValues: layers.map((layer) => data(names.newValue(layer))),
    hiddenTaps: data(names.hiddenTaps),
  };
}

/** Appends new rows to per-layer past arrays (what `KvCache.append` does). */
export function appendRows(
  past: { keys: readonly Float32Array[]; values: readonly Float32Array[] } | undefined,
  added: { newKeys: readonly Float32Array[]; newValues: readonly Float32Array[] },
): { keys: Float32Array[]; values: Float32Array[] } {
  const join = (a: Float32Array | undefined, b: Float32Array): Float32Array => {
    const out = new Float32Array((a?.length ?? 0) + b.length);
    if (a) out.set(a);
    out.set(b, a?.length ?? 0);
    return out;
  };
  return {
    keys: added.newKeys.map((rows, layer) => join(past?.keys[layer], rows)),
    values: added.newValues.map((rows, layer) => join(past?.values[layer], rows)),
  };
}
