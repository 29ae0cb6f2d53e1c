import { readFileSync } from 'node:fs';
import { hasSharedData, sharedPath } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';
import { causalMask } from './__fixtures__/masks.js';
import {
  appendRows,
  createSession,
  runDecoder,
  type DecoderPass,
} from './__fixtures__/ort-decoder.js';
import { buildDecoderModel } from './build-decoder-model.js';
import type { DecoderWeights } from '@confu/checkpoint';
import { referenceForward } from '../reference/reference-forward.js';
import { importLlama2c } from '@confu/checkpoint';

interface GoldenCase {
  readonly prompt: string;
  readonly prompt_tokens: number[];
  readonly steps: number;
  readonly output_tokens: number[];
  readonly first_generated_top5: [number, number][];
}

type Forward = (
  pass: DecoderPass,
) => Promise<{ logits: Float32Array; newKeys: Float32Array[]; newValues: Float32Array[] }>;

function argmax(logits: Float32Array): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++)
    if ((logits[i] as number) > (logits[best] as number)) best = i;
  return best;
}

/**
 * llama2.c `run.c` greedy decoding: `steps` positions including the prompt, stop on BOS. The KV
 * cache grows from the new_key/new_value rows of each pass. Returns tokens and first-step logits.
 */
async function greedy(
  forward: Forward,
  vocabSize: number,
  golden: GoldenCase,
): Promise<{ tokens: number[]; first: Float32Array }> {
  const tokens = [...golden.prompt_tokens];
  let past: ReturnType<typeof appendRows> | undefined;
  let pass: DecoderPass = {
    tokens,
    positions: tokens.map((_, i) => i),
    mask: causalMask(0, tokens.length),
  };
  let first: Float32Array | undefined;
  while (tokens.length <= golden.steps) {
    const out = await forward(past ? { ...pass, past } : pass);
    const last = out.logits.subarray(out.logits.length - vocabSize);
    first ??= last;
    const next = argmax(last);
    if (next === 1) break;
    past = appendRows(past, out);
    tokens.push(next);
    pass = {
      tokens: [next],
      positions: [tokens.length - 1],
      mask: causalMask(tokens.length - 1, 1),
    };
  }
  return { tokens, first: first as Float32Array };
}

/** Largest difference between our first-step logits and the golden (numpy) top-5 logits. */
function top5Diff(first: Float32Array, golden: GoldenCase, label: string): number {
  const diff = Math.max(
    ...golden.first_generated_top5.map(([token, logit]) =>
      Math.abs((first[token] as number) - logit),
    ),
  );
  console.info(`stories260K ${label} ${JSON.stringify(golden.prompt)}: top-5 logit diff ${diff}`);
  return diff;
}

const modelPath = sharedPath('models/stories260K/stories260K.bin');
const goldenPath = sharedPath('models/stories260K/golden_greedy.json');
const present = hasSharedData(
  'stories260K greedy decoding',
  'models/stories260K/stories260K.bin',
  'models/stories260K/golden_greedy.json',
);

describe.skipIf(!present)('stories260K greedy decoding', () => {
  const weights = present
    ? importLlama2c(new Uint8Array(readFileSync(modelPath)), { name: 'stories260K.bin' })
    : ({} as DecoderWeights);
  const cases = present
    ? (JSON.parse(readFileSync(goldenPath, 'utf8')) as { cases: GoldenCase[] }).cases
    : [];

  it('imports the checkpoint as a tied GQA decoder', () => {
    expect(weights.config).toMatchObject({
      hiddenSize: 64,
      intermediateSize: 172,
      numLayers: 5,
      numHeads: 8,
      numKvHeads: 4,
      headDim: 8,
      vocabSize: 512,
      contextLength: 512,
      tiedEmbeddings: true,
    });
    expect(weights.eosTokenIds).toEqual([1]);
  });

  it.each(cases.map((golden) => ({ ...golden, label: JSON.stringify(golden.prompt) })))(
    'reference forward reproduces prompt $label',
    async (golden) => {
      const { tokens, first } = await greedy(
        (pass) => Promise.resolve(referenceForward(weights, pass)),
        512,
        golden,
      );
      expect(tokens).toEqual(golden.output_tokens);
      expect(top5Diff(first, golden, 'reference')).toBeLessThan(1e-3);
    },
  );

  describe.each(['onnx', 'plain'] as const)('ONNX graph, %s attention', (attention) => {
    it.each(cases.map((golden) => ({ ...golden, label: JSON.stringify(golden.prompt) })))(
      'reproduces prompt $label',
      async (golden) => {
        const session = await createSession(buildDecoderModel(weights, { attention }));
        const { tokens, first } = await greedy(
          (pass) => runDecoder(session, weights.config, 'additive', pass),
          512,
          golden,
        );
        await session.release();
        expect(tokens).toEqual(golden.output_tokens);
        expect(top5Diff(first, golden, attention)).toBeLessThan(1e-3);
      },
    );
  });
});
