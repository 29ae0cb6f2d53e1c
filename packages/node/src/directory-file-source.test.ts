import { mkdir, mkdtemp, readdir, rename, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomDecoderWeights } from '@confu/checkpoint/testing';
import type { DecoderConfig } from '@confu/checkpoint';
import { writeHfCheckpoint } from './__fixtures__/random-hf-checkpoint.js';
import { createDirectoryFileSource } from './directory-file-source.js';
import { listModelFiles } from './list-model-files.js';
import { loadModel } from './load-model.js';

const config: DecoderConfig = {
  hiddenSize: 16,
  intermediateSize: 24,
  numLayers: 1,
  numHeads: 2,
  numKvHeads: 1,
  headDim: 8,
  vocabSize: 29,
  contextLength: 32,
  ropeTheta: 10000,
  rmsNormEps: 1e-6,
  tiedEmbeddings: true,
  qkvBias: false,
  qkNorm: false,
};

/** The Hugging Face cache layout: snapshot files are links to content-addressed blobs. */
async function hubCacheLayout(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'confu-hub-layout-'));
  const written = join(root, 'written');
  await writeHfCheckpoint(written, randomDecoderWeights(config, 3), 'llama');
  const blobs = join(root, 'blobs');
  const snapshot = join(root, 'snapshots', 'abc123');
  await mkdir(blobs, { recursive: true });
  await mkdir(snapshot, { recursive: true });
  for (const [index, name] of (await readdir(written)).entries()) {
    await rename(join(written, name), join(blobs, `blob${index}`));
    await symlink(join('..', '..', 'blobs', `blob${index}`), join(snapshot, name));
  }
  return snapshot;
}

describe('createDirectoryFileSource', () => {
  it('lists and reads symbolic links to files as files', async () => {
    const snapshot = await hubCacheLayout();
    const source = createDirectoryFileSource(snapshot);

    const files = await source.list();
    const config = JSON.parse(new TextDecoder().decode(await source.read('config.json'))) as object;

    expect(files).toEqual([
      'config.json',
      'model.safetensors',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    expect(config).toMatchObject({ model_type: 'llama' });
  });

  it('loads a model whose files are links into a blob store', async () => {
    const snapshot = await hubCacheLayout();

    const model = await loadModel(snapshot, {
      cacheDirectory: await mkdtemp(join(tmpdir(), 'confu-cache-')),
    });
    try {
      expect(model.encode('abc')).toEqual([1, 3, 4, 5]);
    } finally {
      await model.dispose();
    }
  });
});

describe('listModelFiles', () => {
  it('skips dangling links, links to folders (no cycles) and dot-folders', async () => {
    const root = await mkdtemp(join(tmpdir(), 'confu-list-'));
    await mkdir(join(root, 'original'));
    await mkdir(join(root, '.git'));
    await writeFile(join(root, 'original', 'params.json'), '{}');
    await writeFile(join(root, '.git', 'HEAD'), 'ref');
    await symlink(root, join(root, 'original', 'loop'));
    await symlink(join(root, 'missing'), join(root, 'dangling'));

    const files = await listModelFiles(root);

    expect(files).toEqual(['original/params.json']);
  });

  it('refuses a directory with more entries than the limit, naming it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'confu-list-'));
    for (let index = 0; index < 5; index++) await writeFile(join(root, `f${index}`), '');

    await expect(listModelFiles(root, { maxDepth: 3, maxEntries: 4 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: `${root} holds more than 4 files and folders; pass the folder that holds the model files`,
    });
  });

  it('refuses the file system root with a coded error instead of scanning it', async () => {
    const error: unknown = await listModelFiles('/').catch((caught: unknown) => caught);

    // INVALID_ARGUMENT past 10,000 entries, or FILE_NOT_FOUND (EACCES) for a user who cannot list.
    expect(error).toMatchObject({
      code: expect.stringMatching(/^(INVALID_ARGUMENT|FILE_NOT_FOUND)$/),
    });
  });

  it('reports a folder that cannot be listed as FILE_NOT_FOUND with the system code', async () => {
    const missing = join(tmpdir(), 'confu-no-such-folder-4c1d');

    await expect(listModelFiles(missing)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: `${missing} cannot be listed (ENOENT)`,
    });
  });
});
