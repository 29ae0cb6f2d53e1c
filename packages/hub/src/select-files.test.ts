import { describe, expect, it } from 'vitest';
import { selectFiles } from './select-files.js';

const file = (path: string) => ({ path, size: 1 });

describe('selectFiles', () => {
  const files = [
    file('README.md'),
    file('config.json'),
    file('model.safetensors'),
    file('pytorch_model.bin'),
    file('tokenizer.json'),
    file('onnx/model.onnx'),
    file('stories260K/stories260K.bin'),
    file('stories260K/tok512.bin'),
    file('stories260K/tok512.model'),
    file('stories15M.bin'),
  ];

  it('takes a folder’s own model files and prefers safetensors over bin weights', () => {
    expect(selectFiles(files, '')?.files.map((entry) => entry.path)).toEqual([
      'config.json',
      'model.safetensors',
      'tokenizer.json',
    ]);
    expect(selectFiles(files, 'stories260K')).toMatchObject({
      kind: 'folder',
      folder: 'stories260K',
    });
    expect(selectFiles(files, 'stories260K')?.files).toHaveLength(3);
  });

  it('takes a file with the tokenizer and config files beside it', () => {
    expect(
      selectFiles(files, 'stories260K/stories260K.bin')?.files.map((entry) => entry.path),
    ).toEqual([
      'stories260K/stories260K.bin',
      'stories260K/tok512.bin',
      'stories260K/tok512.model',
    ]);
  });

  it('returns undefined for a path the listing lacks', () => {
    expect(selectFiles(files, 'missing')).toBeUndefined();
    expect(selectFiles(files, 'onnx')).toBeUndefined();
  });
});
