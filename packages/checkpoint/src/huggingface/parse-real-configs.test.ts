import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hasSharedData, sharedDirectory, sharedPath } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';
import { parseHuggingFaceConfig } from './parse-hugging-face-config.js';

const parse = (json: Record<string, unknown>) => parseHuggingFaceConfig(json, 'config.json');

// Real configs from the shared data folder.
const named = [
  'tokenizers/tinyllama-1.1b-chat-v1.0/config.json',
  'tokenizers/smollm2-135m-instruct/config.json',
];
const headsDir = sharedPath('tokenizers/eagle3-heads');
const realConfigs = hasSharedData(
  'parseHuggingFaceConfig on real configs',
  ...named,
  'tokenizers/eagle3-heads',
)
  ? named
      .map((file) => sharedPath(file))
      .concat(
        readdirSync(headsDir, { recursive: true, encoding: 'utf8' })
          .filter((file) => file.endsWith('.json'))
          .map((file) => path.join(headsDir, file)),
      )
  : [];

describe.skipIf(realConfigs.length === 0)(
  'parseHuggingFaceConfig on real config.json files',
  () => {
    it.each(realConfigs.map((file) => [path.relative(sharedDirectory, file), file]))(
      'parses %s',
      (_, file) => {
        const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        if (json['model_type'] !== 'llama') {
          expect(() => parse(json)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
          return;
        }
        const { config } = parse(json);
        expect(config.hiddenSize).toBe(json['hidden_size']);
        expect(config.numKvHeads).toBe(json['num_key_value_heads'] ?? json['num_attention_heads']);
        expect(config.headDim).toBe(
          json['head_dim'] ??
            (json['hidden_size'] as number) / (json['num_attention_heads'] as number),
        );
        expect(config.tiedEmbeddings).toBe(json['tie_word_embeddings'] ?? false);
        if (path.basename(file) === 'llama3-70B-ealge3.json') {
          expect(config.ropeScaling).toEqual({
            type: 'llama3',
            factor: 8,
            lowFreqFactor: 1,
            highFreqFactor: 4,
            originalMaxPositionEmbeddings: 4096,
          });
        }
      },
    );
  },
);
