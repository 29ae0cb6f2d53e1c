import { describe, expect, it } from 'vitest';
import { randomDecoderWeights } from '@confu/checkpoint/testing';
import { buildDecoderModel } from './build-decoder-model.js';
import { createDecoderSpec } from './decoder-spec.js';
import { ropeInverseFrequencies } from './rope-frequencies.js';
import { defaultTapLayers } from './tap-layers.js';
import { validateDecoderWeights } from '@confu/checkpoint';

const sha256 = 'ab'.repeat(32);

describe('defaultTapLayers', () => {
  it.each([
    [32, [2, 16, 29]],
    [6, [2, 3, 3]],
    [5, [2, 2, 2]],
    [3, [0, 1, 2]],
    [1, [0, 0, 0]],
  ])('L = %i → %j', (layers, expected) => expect(defaultTapLayers(layers)).toEqual(expected));
});

describe('createDecoderSpec', () => {
  const weights = {
    ...randomDecoderWeights({
      hiddenSize: 16,
      numHeads: 2,
      numKvHeads: 1,
      headDim: 8,
      numLayers: 8,
    }),
    bosTokenId: 1,
    eosTokenIds: [1],
  };

  it('describes the graph built with the same options, as plain JSON', () => {
    const spec = createDecoderSpec(weights, { sha256, sourceKind: 'llama2c', maskType: 'bool' });
    expect(spec).toMatchObject({
      format: 'confu-decoder',
      version: 1,
      tapLayers: [2, 4, 5],
      inputs: 'ids',
      maskType: 'bool',
      bosTokenId: 1,
      eosTokenIds: [1],
      source: { kind: 'llama2c', sha256 },
    });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(spec.config).toEqual(weights.config);
  });

  it('rejects a missing source kind, a bad hash and bad tap layers', () => {
    expect(() => createDecoderSpec(weights, { sha256 })).toThrow(/`sourceKind` is required/);
    expect(() => createDecoderSpec(weights, { sha256: 'xyz', sourceKind: 'huggingface' })).toThrow(
      /64 lowercase hex digits/,
    );
    expect(() =>
      createDecoderSpec(weights, { sha256, sourceKind: 'huggingface', tapLayers: [8] }),
    ).toThrow(/8 is not a layer index in \[0, 7\]/);
  });
});

describe('validation', () => {
  const weights = randomDecoderWeights({
    hiddenSize: 16,
    numHeads: 2,
    numKvHeads: 1,
    headDim: 8,
    numLayers: 2,
  });

  it('names the offending field', () => {
    const broken = {
      ...weights,
      layers: [weights.layers[0], { ...weights.layers[1], wk: new Float32Array(5) }],
    } as typeof weights;
    expect(() => validateDecoderWeights(broken)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: 'decoder weights: layers[1].wk has 5 floats, expected 128',
      }),
    );
    expect(() =>
      validateDecoderWeights({ ...weights, config: { ...weights.config, numKvHeads: 3 } }),
    ).toThrow(/numHeads \(2\) is not a multiple of config.numKvHeads \(3\)/);
    expect(() =>
      validateDecoderWeights({ ...weights, config: { ...weights.config, tiedEmbeddings: false } }),
    ).toThrow(/lmHead is missing/);
  });

  it('rejects unknown build options', () => {
    expect(() => buildDecoderModel(weights, { attention: 'flash' as 'onnx' })).toThrow(
      /`attention` must be one of onnx, plain, got flash/,
    );
  });
});

describe('ropeInverseFrequencies with llama3 scaling (Llama 3.1: θ 500000, D 128, factor 8, 1 / 4, 8192)', () => {
  const base = randomDecoderWeights({
    hiddenSize: 16,
    numHeads: 2,
    numKvHeads: 1,
    headDim: 8,
  }).config;
  const config = {
    ...base,
    headDim: 128,
    ropeTheta: 500000,
    ropeScaling: {
      type: 'llama3',
      factor: 8,
      lowFreqFactor: 1,
      highFreqFactor: 4,
      originalMaxPositionEmbeddings: 8192,
    },
  } as const;
  const plain = ropeInverseFrequencies({
    ...config,
    ropeScaling: undefined,
  } as unknown as typeof base);
  const scaled = ropeInverseFrequencies(config);

  it('keeps short wavelengths, divides long ones by the factor and blends the band between', () => {
    const wavelength = (i: number): number => (2 * Math.PI) / (plain[i] as number);
    const regimes = { kept: 0, divided: 0, blended: 0 };
    for (let i = 0; i < 64; i++) {
      const [f, s] = [plain[i] as number, scaled[i] as number];
      if (wavelength(i) < 8192 / 4) {
        regimes.kept++;
        expect(s).toBe(f);
      } else if (wavelength(i) > 8192) {
        regimes.divided++;
        expect(s).toBeCloseTo(f / 8, 15);
      } else {
        regimes.blended++;
        const smooth = (8192 / wavelength(i) - 1) / (4 - 1);
        expect(s).toBeCloseTo((1 - smooth) * (f / 8) + smooth * f, 15);
        expect(s).toBeLessThan(f);
        expect(s).toBeGreaterThan(f / 8);
      }
    }
    expect(scaled[0]).toBe(1);
    expect(Math.min(...Object.values(regimes))).toBeGreaterThan(0);
  });
});
