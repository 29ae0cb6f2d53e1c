import * as ort from 'onnxruntime-node';
import { it } from 'vitest';
import { concatExternalData } from '../onnx/external-data.js';
import { randomDecoderWeights } from './__fixtures__/random-decoder.js';
import { buildDecoderModel } from './build-decoder-model.js';
import { causalMask } from './__fixtures__/masks.js';
import { runDecoder } from './__fixtures__/ort-decoder.js';

it('bench', async () => {
  const weights = randomDecoderWeights({ hiddenSize: 512, numHeads: 8, numKvHeads: 4, headDim: 64, numLayers: 8, intermediateSize: 1408, vocabSize: 8192, contextLength: 2048, tiedEmbeddings: false }, 1);
  const variants: [string, () => ReturnType<typeof buildDecoderModel>][] = [
    ['onnx concat', () => buildDecoderModel(weights)],
    ['onnx past/present', () => { (globalThis as any).__pastVariant = true; const m = buildDecoderModel(weights); (globalThis as any).__pastVariant = false; return m; }],
    ['plain', () => buildDecoderModel(weights, { attention: 'plain' })],
  ];
  const sessions = [];
  for (const [name, build] of variants) {
    const built = build();
    const session = await ort.InferenceSession.create(built.model, { externalData: [{ path: built.externalData.path, data: concatExternalData(built.externalData) }], logSeverityLevel: 2, intraOpNumThreads: 1 });
    sessions.push([name, session] as const);
  }
  for (const P of [512, 1024]) for (const S of [1, 16]) {
    const rows = new Float32Array(P * 256).map(() => Math.random() - 0.5);
    const past = { keys: Array(8).fill(rows), values: Array(8).fill(rows) };
    const pass = { tokens: Array.from({ length: S }, (_, i) => i), positions: Array.from({ length: S }, (_, i) => P + i), mask: causalMask(P, S), past };
    const results: string[] = [];
    const times = new Map<string, number[]>();
    for (let rep = 0; rep < 25; rep++) for (const [name, session] of sessions) {
      const t = performance.now();
      await runDecoder(session, weights.config, 'additive', pass);
      if (rep >= 3) { const arr = times.get(name) ?? []; arr.push(performance.now() - t); times.set(name, arr); }
    }
    for (const [name, arr] of times) { arr.sort((a, b) => a - b); results.push(`${name}: min ${arr[0]!.toFixed(2)} med ${arr[Math.floor(arr.length/2)]!.toFixed(2)}`); }
    console.info(`P=${P} S=${S}: ${results.join(' | ')}`);
  }
}, 300_000);
