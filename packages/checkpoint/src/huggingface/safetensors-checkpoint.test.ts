import { describe, it } from 'vitest';
import { writeSafetensors } from '../safetensors/write-safetensors.js';
import { expectImportRejected, json } from './__fixtures__/import-files.js';
import { llamaConfig, makeCheckpoint } from '../testing/test-checkpoint.js';

describe('openSafetensorsCheckpoint: sharded index (through importHuggingFace)', () => {
  const sharded = () => makeCheckpoint({ config: llamaConfig, shards: 2 }).files;
  const withMap = (weightMap: unknown) => ({
    ...sharded(),
    'model.safetensors.index.json': json({ weight_map: weightMap }),
  });
  const index = (files: Record<string, Uint8Array>) =>
    JSON.parse(new TextDecoder().decode(files['model.safetensors.index.json'])) as {
      weight_map: Record<string, string>;
    };

  it.each([
    '../model-00001-of-00002.safetensors',
    '/etc/passwd',
    'a/../../x',
    'C:\\x.safetensors',
    './x',
    '',
  ])('refuses shard path %j', async (path) => {
    const map = { ...index(sharded()).weight_map, 'model.norm.weight': path };
    await expectImportRejected(
      withMap(map),
      'INVALID_FILE',
      'model/model.safetensors.index.json',
      '"model.norm.weight"',
    );
  });

  it('refuses a missing weight_map or a missing shard', async () => {
    await expectImportRejected(withMap(undefined), 'INVALID_FILE', 'weight_map');
    await expectImportRejected(
      withMap({ 'model.norm.weight': 'gone.safetensors' }),
      'FILE_NOT_FOUND',
      '"gone.safetensors"',
    );
  });

  it('refuses a weight_map entry its shard does not hold', async () => {
    const files = sharded();
    const map = index(files).weight_map;
    const other =
      map['model.norm.weight'] === 'model-00001-of-00002.safetensors' ? '00002' : '00001';
    map['model.norm.weight'] = `model-${other}-of-00002.safetensors`;
    await expectImportRejected(
      { ...files, 'model.safetensors.index.json': json({ weight_map: map }) },
      'INVALID_FILE',
      `model/model-${other}-of-00002.safetensors`,
      '"model.norm.weight"',
    );
  });

  it('refuses a tensor missing from the weight_map, and a corrupt shard', async () => {
    const files = sharded();
    const map = index(files).weight_map;
    delete map['model.norm.weight'];
    await expectImportRejected(
      { ...files, 'model.safetensors.index.json': json({ weight_map: map }) },
      'INVALID_FILE',
      'model/model.safetensors.index.json',
      '"model.norm.weight"',
    );
    await expectImportRejected(
      { ...files, 'model-00002-of-00002.safetensors': writeSafetensors({}).subarray(0, 12) },
      'INVALID_FILE',
      'model/model-00002-of-00002.safetensors',
    );
  });
});
