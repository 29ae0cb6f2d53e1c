import { describe, expect, it } from 'vitest';
import { parseHubId } from './parse-hub-id.js';

describe('parseHubId', () => {
  it('splits owner/name, revision and path', () => {
    expect(parseHubId('karpathy/tinyllamas')).toEqual({
      repo: 'karpathy/tinyllamas',
      revision: 'main',
      path: '',
    });
    expect(parseHubId('karpathy/tinyllamas/stories260K')).toEqual({
      repo: 'karpathy/tinyllamas',
      revision: 'main',
      path: 'stories260K',
    });
    expect(parseHubId('hf://Qwen/Qwen3-0.6B@v1.0/config.json')).toEqual({
      repo: 'Qwen/Qwen3-0.6B',
      revision: 'v1.0',
      path: 'config.json',
    });
    expect(parseHubId('a/b@refs%2Fpr%2F1')?.revision).toBe('refs/pr/1');
  });

  it('returns undefined for paths and malformed ids', () => {
    for (const text of [
      'stories260K',
      '/abs/path',
      './rel/x',
      '../shared/models',
      'a/../b',
      'a/b/../c',
      'a/b/',
      'a//b',
      'a\\b/c',
      'a/b@',
      'a/b@..',
      '-a/b',
    ]) {
      expect(parseHubId(text), text).toBeUndefined();
    }
  });
});
