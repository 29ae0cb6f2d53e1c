import { describe, expect, it } from 'vitest';
import { createMemoryFileSource } from '../memory-file-source.js';
import type { FileSource } from '@confu/core';
import { expectImportRejected, json } from './__fixtures__/import-files.js';
import { llamaConfig, makeCheckpoint } from '../testing/test-checkpoint.js';
import type { TestCheckpointOptions } from '../testing/test-checkpoint.js';
import { importHuggingFace } from './import-hugging-face.js';

const encoder = new TextEncoder();

describe('importHuggingFace: bad checkpoints', () => {
  const edited = (edit: NonNullable<TestCheckpointOptions['edit']>) =>
    makeCheckpoint({ config: llamaConfig, edit }).files;

  it('names a missing tensor and the file', async () => {
    const files = edited((t) => delete t['model.layers.1.mlp.up_proj.weight']);
    await expectImportRejected(
      files,
      'INVALID_FILE',
      'model/model.safetensors',
      '"model.layers.1.mlp.up_proj.weight"',
    );
  });

  it('requires lm_head.weight when embeddings are not tied', async () => {
    await expectImportRejected(
      edited((t) => delete t['lm_head.weight']),
      'INVALID_FILE',
      '"lm_head.weight"',
    );
  });

  it('reports expected and actual shapes, before reading any weight', async () => {
    const checkpoint = makeCheckpoint({
      config: llamaConfig,
      edit: (t) => {
        t['lm_head.weight'] = { dtype: 'F32', shape: [32, 15], data: new Float32Array(32 * 15) };
      },
    });
    const inner = createMemoryFileSource(checkpoint.files, 'model');
    let weightReads = 0;
    const source: FileSource = {
      ...inner,
      read: (name, range) => {
        if (name === 'model.safetensors' && (range?.start ?? 0) > 0) weightReads++;
        return inner.read(name, range);
      },
    };
    await expect(importHuggingFace(source)).rejects.toThrow(
      /model\/model.safetensors: tensor "lm_head.weight" has shape \[32, 15\], expected \[32, 16\]/,
    );
    expect(weightReads).toBe(1); // the JSON header only
  });

  it('refuses integer weights as UNSUPPORTED', async () => {
    const files = edited((t) => {
      t['model.norm.weight'] = { dtype: 'I32', shape: [16], data: new Int32Array(16) };
    });
    await expectImportRejected(
      files,
      'UNSUPPORTED',
      'model/model.safetensors',
      /"model.norm.weight" has dtype I32/,
    );
  });

  it('refuses layers beyond num_hidden_layers', async () => {
    const files = edited((t) => {
      t['model.layers.2.input_layernorm.weight'] = {
        dtype: 'F32',
        shape: [16],
        data: new Float32Array(16),
      };
    });
    await expectImportRejected(
      files,
      'INVALID_CONFIG',
      'model/config.json',
      'num_hidden_layers is 2',
      'model.layers.2.',
    );
  });

  it('passes safetensors errors through with the file name', async () => {
    const { files } = makeCheckpoint({ config: llamaConfig });
    const weights = files['model.safetensors'] ?? new Uint8Array();
    await expectImportRejected(
      { ...files, 'model.safetensors': weights.subarray(0, weights.length - 1) },
      'INVALID_FILE',
      'model/model.safetensors',
    );
    const header = weights.slice();
    new DataView(header.buffer).setBigUint64(0, 10n ** 12n, true);
    await expectImportRejected(
      { ...files, 'model.safetensors': header },
      'INVALID_FILE',
      'model/model.safetensors',
      /cap/,
    );
  });

  it('needs config.json and weights', async () => {
    const { files } = makeCheckpoint({ config: llamaConfig });
    const without = (name: string) =>
      Object.fromEntries(Object.entries(files).filter(([file]) => file !== name));
    await expectImportRejected(without('config.json'), 'FILE_NOT_FOUND', 'model/config.json');
    await expectImportRejected(
      without('model.safetensors'),
      'FILE_NOT_FOUND',
      /model\/model.safetensors: neither it nor model.safetensors.index.json exists/,
    );
  });

  it.each([
    [
      'config.json not JSON',
      { 'config.json': encoder.encode('{"model_type":') },
      'INVALID_FILE',
      'model/config.json',
    ],
    [
      'config.json an array',
      { 'config.json': json([llamaConfig]) },
      'INVALID_FILE',
      'model/config.json',
    ],
    [
      'config.json not UTF-8',
      { 'config.json': new Uint8Array([0x7b, 0xff, 0x7d]) },
      'INVALID_FILE',
      'UTF-8',
    ],
    [
      'tokenizer.json not UTF-8',
      { 'tokenizer.json': new Uint8Array([0xc3]) },
      'INVALID_FILE',
      'model/tokenizer.json',
    ],
    [
      'tokenizer_config.json not an object',
      { 'tokenizer_config.json': json('x') },
      'INVALID_FILE',
      'model/tokenizer_config.json',
    ],
    [
      'an eos id beyond the vocabulary',
      { 'generation_config.json': json({ eos_token_id: [2, 99] }) },
      'INVALID_CONFIG',
      /generation_config.json.*\[0, 32\).*99/,
    ],
    [
      'a fractional bos id',
      { 'generation_config.json': json({ bos_token_id: 1.5 }) },
      'INVALID_CONFIG',
      'bos_token_id',
    ],
  ] as const)('rejects %s', async (_, extra, code, pattern) => {
    const { files } = makeCheckpoint({ config: llamaConfig });
    await expectImportRejected({ ...files, ...extra }, code, pattern);
  });
});
