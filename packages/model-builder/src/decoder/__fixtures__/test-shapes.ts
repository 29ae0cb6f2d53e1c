import type { TestDecoderShape } from '@confu/checkpoint/testing';

const llama3 = {
  type: 'llama3',
  factor: 8,
  lowFreqFactor: 1,
  highFreqFactor: 4,
  originalMaxPositionEmbeddings: 64,
} as const;

/** Shapes covering GQA/MHA, tied/untied, head_dim 8 and 64, qkvBias, qkNorm and llama3 RoPE scaling. */
export const testShapes: Record<string, { shape: TestDecoderShape; start: number }> = {
  'GQA 4/2, D 8, tied': {
    shape: { hiddenSize: 32, numHeads: 4, numKvHeads: 2, headDim: 8 },
    start: 0,
  },
  'MHA 2/2, D 64, untied, qkv bias': {
    shape: {
      hiddenSize: 128,
      numHeads: 2,
      numKvHeads: 2,
      headDim: 64,
      numLayers: 2,
      tiedEmbeddings: false,
      qkvBias: true,
    },
    start: 3,
  },
  'GQA 4/2, D 16 (H·D ≠ h), qk norm, llama3 scaling': {
    shape: {
      hiddenSize: 48,
      numHeads: 4,
      numKvHeads: 2,
      headDim: 16,
      numLayers: 4,
      qkNorm: true,
      ropeScaling: llama3,
      contextLength: 256,
    },
    start: 120,
  },
  'GQA 2/1, D 64, untied, bias + qk norm + llama3': {
    shape: {
      hiddenSize: 64,
      numHeads: 2,
      numKvHeads: 1,
      headDim: 64,
      tiedEmbeddings: false,
      qkvBias: true,
      qkNorm: true,
      ropeScaling: llama3,
      contextLength: 256,
    },
    start: 40,
  },
};
