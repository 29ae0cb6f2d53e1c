import { describe, expect, it } from 'vitest';
import { checkSharedData, sharedDirectory, sharedPath } from './shared-data.js';

const present = (path: string): boolean => path.endsWith('present.bin');

function run(paths: string[], ci: boolean): { result: boolean; lines: string[] } {
  const lines: string[] = [];
  const result = checkSharedData({
    suite: 'stories260K decoder',
    paths,
    ci,
    exists: present,
    warn: (line) => lines.push(line),
  });
  return { result, lines };
}

describe('checkSharedData', () => {
  it('returns true and prints nothing when every path exists', () => {
    expect(run(['/data/present.bin'], false)).toEqual({ result: true, lines: [] });
    expect(run(['/data/present.bin'], true)).toEqual({ result: true, lines: [] });
  });

  it('skips a local run with one line naming the suite and the first missing path', () => {
    expect(run(['/data/present.bin', '/data/a.bin', '/data/b.bin'], false)).toEqual({
      result: false,
      lines: [
        '[confu tests] skipping stories260K decoder: /data/a.bin not found (set CONFU_SHARED_DIR to the shared data folder)',
      ],
    });
  });

  it('throws under CI naming the missing path and CONFU_SHARED_DIR', () => {
    expect(() => run(['/data/missing.bin'], true)).toThrow(
      'stories260K decoder: shared test data /data/missing.bin is missing (CI=true); set CONFU_SHARED_DIR to the shared data folder',
    );
  });
});

describe('sharedPath', () => {
  it('joins relative parts under the shared folder', () => {
    expect(sharedPath('models/stories260K', 'stories260K.bin')).toBe(
      `${sharedDirectory}/models/stories260K/stories260K.bin`,
    );
  });
});
