import type { DecoderInfo, ModelSession, Tensor } from '@confu/core';
import { createTensor } from '@confu/runtime';

export const countingInfo: DecoderInfo = {
  numLayers: 2,
  numKvHeads: 1,
  headDim: 2,
  hiddenSize: 4,
  vocabSize: 10,
  contextLength: 32,
  numTaps: 1,
  inputs: 'ids',
  maskType: 'additive',
};

/**
 * A scripted model: the next token after token t is (t + 1) mod V; K/V rows hold the position.
 * Records every feed it receives.
 */
export function createCountingSession(): ModelSession & { feeds: Record<string, Tensor>[] } {
  const feeds: Record<string, Tensor>[] = [];
  const { vocabSize, numLayers } = countingInfo;
  const session = {
    feeds,
    inputNames: ['input_ids', 'position_ids', 'attention_mask'],
    outputNames: ['logits', 'argmax'],
    run(input: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
      feeds.push({ ...input });
      const ids = input.input_ids?.data as BigInt64Array;
      const positions = input.position_ids?.data as BigInt64Array;
      const count = ids.length;
      const logits = new Float32Array(count * vocabSize);
      ids.forEach((id, row) => {
        logits[row * vocabSize + ((Number(id) + 1) % vocabSize)] = 5;
      });
      const output: Record<string, Tensor> = {
        logits: createTensor('float32', logits, [1, count, vocabSize]),
        argmax: createTensor(
          'int64',
          BigInt64Array.from(ids, (id) => (id + 1n) % BigInt(vocabSize)),
          [1, count],
        ),
      };
      for (let layer = 0; layer < numLayers; layer++) {
        const rows = Float32Array.from({ length: count * 2 }, (_, index) =>
          Number(positions[index >> 1]),
        );
        output[`new_key_${layer}`] = createTensor('float32', rows, [1, count, 2]);
        output[`new_value_${layer}`] = createTensor(
          'float32',
          rows.map((value) => -value),
          [1, count, 2],
        );
      }
      return Promise.resolve(output);
    },
    dispose: () => Promise.resolve(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
  return session;
}
