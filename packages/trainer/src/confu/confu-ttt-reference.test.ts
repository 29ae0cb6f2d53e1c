import { moeEmbedding } from '@confu/model-builder';
import { referenceDraftHeadForward, referenceForward } from '@confu/model-builder/testing';
import { vocabMappingFromTargetIds } from '@confu/checkpoint';
import type { ConfuHeadConfig, ConfuHeadWeights } from '@confu/checkpoint';
import { createTensor } from '@confu/runtime';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { describe, expect, it } from 'vitest';
import { targetToDraftIds } from '../eagle3/eagle3-batch.js';
import { initialEagle3Parameters } from '../eagle3/eagle3-parameters.js';
import { eagle3TttInputs } from '../eagle3/eagle3-ttt-shape.js';
import { syntheticRecords, tinyDraftIds } from '../eagle3/__fixtures__/tiny-eagle3.js';
import { createSeededRandom } from '@confu/sampler';
import { createTrainer } from '../trainer.js';
import { buildConfuTttGraph } from './build-confu-ttt-graph.js';
import { confuBatchFeeds } from './confu-batch.js';
import { confuHeadFromParameters, initialConfuParameters } from './confu-parameters.js';
import { confuTttInputs } from './confu-ttt-shape.js';
import { tinyConfuShape, tinyTarget } from './__fixtures__/tiny-confu.js';

const rows = (data: Float32Array, first: number, count: number, width: number): Float32Array =>
  data.slice(first * width, (first + count) * width);

/**
 * The ConFu training graph against the inference-time pieces, all float64 references:
 * - `f` of anchor a: the target's `referenceForward` over [soft prompt | x_0 … x_a | c] laid out
 *   as the ConFu prefill (tokens never see the soft prompt; c at position a + 1 sees everything),
 *   with `e_con` from model-builder's `moeEmbedding` over the taps of row a − 1;
 * - the `[f]` slot: one head pass with `e_f` (MoE over the plain catch-up output of row a) and
 *   taps `f` at position a + 1, as `confuRoundStart`;
 * - every draft chain: the root query over step-0 rows 0 … i plus the slot, then tree steps that
 *   add their own keys, as the inference tree expansion.
 */
describe('ConFu training graph vs the inference-time target and head', () => {
  it.each([
    ['moe', { mode: 'moe', softPromptLength: 3, numExperts: 3, topK: 2 }],
    ['static', { mode: 'static', softPromptLength: 2 }],
  ] as const)(
    'gives the loss the reference passes give (%s)',
    async (_, confu: ConfuHeadConfig) => {
      const shape = tinyConfuShape(confu, { seq: 5, tttSteps: 3, anchors: 2 });
      const { head: config } = shape;
      const { hiddenSize: h, vocabSize: V, draftVocabSize: Vd } = config;
      const kvWidth = config.numKvHeads * config.headDim;
      const records = syntheticRecords(2, 8, { hidden: h, vocab: V, seed: 3 });
      const random = createSeededRandom(7);
      const params = {
        ...initialEagle3Parameters(config, random),
        ...initialConfuParameters(config, tinyTarget.embedding, random),
      };
      for (const name of Object.keys(params).filter((n) => n.includes('router'))) {
        params[name] = (params[name] as Float32Array).map(() => random.normal());
      }
      const batch = confuBatchFeeds(records, shape, targetToDraftIds(tinyDraftIds, V), {
        replication: 2,
        random: createSeededRandom(2),
      });
      const embedding = createTensor('float32', tinyTarget.embedding, [V, h]);
      const trainer = await createTrainer({
        runtime: createOnnxNodeRuntime(),
        buildForward: buildConfuTttGraph(shape, tinyTarget),
        initialParams: params,
        schedule: 0,
      });
      const graphLoss = await trainer.evaluate({
        ...batch.feeds,
        [eagle3TttInputs.embedding]: embedding,
      });
      await trainer.dispose();

      const head: ConfuHeadWeights = confuHeadFromParameters(
        config,
        params,
        vocabMappingFromTargetIds([...tinyDraftIds], V),
      );
      const { seq: S, tttSteps: T, anchors: K, batch: B } = shape;
      const s = confu.softPromptLength;
      const columns = S + T - 1;
      const ids = batch.feeds[eagle3TttInputs.inputIds]?.data as BigInt64Array;
      const probs = batch.feeds[eagle3TttInputs.targetProbs]?.data as Float32Array;
      const weights = batch.feeds[eagle3TttInputs.stepWeights]?.data as Float32Array;
      const futureMask = batch.feeds[confuTttInputs.futureMask]?.data as Float32Array;
      const topK = confu.mode === 'moe' ? confu.topK : 0;
      const soft = referenceForward(tinyTarget, {
        tokens: [],
        extraEmbeds: head.confu.softPrompt,
        positions: Array.from({ length: s }, (_, i) => i),
        mask: Array.from({ length: s }, (_, i) => Array.from({ length: s }, (_, j) => j <= i)),
        tapLayers: shape.tapLayers,
      });
      let expected = 0;
      let chains = 0;
      records.forEach((record, b) => {
        const token = (c: number): number => Number(ids[b * columns + c]);
        const taps = rows(record.taps, 0, S, 3 * h);
        const plain = referenceDraftHeadForward(head, tinyTarget.embedding, {
          tokens: Array.from({ length: S }, (_, i) => token(i)),
          taps,
          positions: Array.from({ length: S }, (_, i) => i),
          mask: Array.from({ length: S }, (_, i) => Array.from({ length: S }, (_, j) => j <= i)),
        });
        const anchors = batch.anchors[b] as readonly number[];
        const slots = anchors.map((a) => {
          const eCon =
            confu.mode === 'moe'
              ? moeEmbedding(
                  head.confu.conRouter as Float32Array,
                  head.confu.conExperts as Float32Array,
                  rows(taps, Math.max(a - 1, 0), 1, 3 * h),
                  topK,
                )
              : (head.confu.conStatic as Float32Array);
          const count = a + 2;
          const contemplate = referenceForward(tinyTarget, {
            tokens: Array.from(record.tokens.slice(0, a + 1)),
            extraEmbeds: eCon,
            positions: Array.from({ length: count }, (_, i) => i),
            mask: Array.from({ length: count }, (_, i) =>
              Array.from({ length: s + count }, (_, j) =>
                i === count - 1 ? true : j >= s && j - s <= i,
              ),
            ),
            past: { keys: soft.newKeys, values: soft.newValues },
            tapLayers: shape.tapLayers,
          });
          const future = rows(contemplate.hiddenTaps, count - 1, 1, 3 * h);
          const eF =
            confu.mode === 'moe'
              ? moeEmbedding(
                  head.confu.fRouter as Float32Array,
                  head.confu.fExperts as Float32Array,
                  rows(plain.hiddenOut, a, 1, h),
                  topK,
                )
              : (head.confu.fStatic as Float32Array);
          return referenceDraftHeadForward(head, tinyTarget.embedding, {
            tokens: [],
            tokenEmbeds: eF,
            taps: future,
            positions: [a + 1],
            mask: [[true]],
          });
        });
        const addLoss = (step: number, row: number, logits: Float32Array): void => {
          const max = Math.max(...logits);
          const logSum = Math.log(logits.reduce((sum, x) => sum + Math.exp(x - max), 0)) + max;
          const column = b * columns + row + step;
          const target = probs.subarray(column * Vd, (column + 1) * Vd);
          const crossEntropy = -logits.reduce(
            (sum, x, v) => sum + (target[v] as number) * (x - logSum),
            0,
          );
          expected += (weights[(step * B + b) * S + row] as number) * crossEntropy;
        };
        for (let i = 0; i < S; i++) {
          const k = Array.from({ length: K }, (_, slot) => slot).find(
            (slot) => futureMask[(b * S + i) * K + slot] === 0,
          );
          if (k === undefined) continue; // no future: left out of the loss
          chains++;
          const slot = slots[k] as { newKeys: Float32Array; newValues: Float32Array };
          const keys = [...plain.newKeys.slice(0, i * kvWidth), ...slot.newKeys];
          const values = [...plain.newValues.slice(0, i * kvWidth), ...slot.newValues];
          let out = referenceDraftHeadForward(head, tinyTarget.embedding, {
            tokens: [token(i)],
            taps: rows(taps, i, 1, 3 * h),
            positions: [i],
            mask: [Array.from({ length: keys.length / kvWidth + 1 }, () => true)],
            past: { keys: Float32Array.from(keys), values: Float32Array.from(values) },
          });
          addLoss(0, i, out.logits);
          keys.push(...out.newKeys);
          values.push(...out.newValues);
          for (let step = 1; step < T; step++) {
            out = referenceDraftHeadForward(head, tinyTarget.embedding, {
              tokens: [token(i + step)],
              hidden: out.hiddenOut,
              positions: [i + step],
              mask: [Array.from({ length: keys.length / kvWidth + 1 }, () => true)],
              past: { keys: Float32Array.from(keys), values: Float32Array.from(values) },
            });
            addLoss(step, i, out.logits);
            keys.push(...out.newKeys);
            values.push(...out.newValues);
          }
        }
      });
      expect(chains).toBeGreaterThan(0);
      expect(chains).toBeLessThan(B * S); // some rows see no future
      expect(graphLoss).toBeCloseTo(expected, 4);
    },
  );
});
