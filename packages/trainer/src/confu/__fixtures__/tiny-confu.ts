import { randomDecoderWeights } from '@confu/checkpoint/testing';
import type { ConfuHeadConfig, DecoderWeights } from '@confu/checkpoint';
import { tinyHeadConfig } from '../../eagle3/__fixtures__/tiny-eagle3.js';
import type { ConfuTrainHeadConfig, ConfuTttShape } from '../confu-ttt-shape.js';

/** A 3-layer random target matching {@link tinyHeadConfig} (h 4, GQA 2/1, D 2, V 7). */
export const tinyTarget: DecoderWeights = randomDecoderWeights(
  {
    hiddenSize: 4,
    numHeads: 2,
    numKvHeads: 1,
    headDim: 2,
    vocabSize: 7,
    numLayers: 3,
    contextLength: 64,
    intermediateSize: 6,
  },
  5,
);

/** {@link tinyHeadConfig} with a ConFu section. */
export function tinyConfuHead(confu: ConfuHeadConfig): ConfuTrainHeadConfig {
  return { ...tinyHeadConfig, confu };
}

/** A small ConFu batch shape over {@link tinyTarget}: taps entering layers 0, 1 and 2. */
export function tinyConfuShape(
  confu: ConfuHeadConfig,
  overrides: Partial<ConfuTttShape> = {},
): ConfuTttShape {
  return {
    head: tinyConfuHead(confu),
    target: tinyTarget.config,
    tapLayers: [0, 1, 2],
    batch: 2,
    seq: 4,
    tttSteps: 2,
    stepDecay: 0.8,
    anchors: 2,
    ...overrides,
  };
}
