import { describe, expect, it } from 'vitest';
import { describePick, topLevelFiles } from './picked-files.js';

const picked = (relativePath: string): File => {
  const file = new File(['x'], relativePath.split('/').pop() ?? relativePath);
  Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });
  return file;
};

describe('topLevelFiles', () => {
  it('keeps the top level of a folder pick and plain picked files', () => {
    const files = [
      picked('stories/tok512.bin'),
      picked('stories/sub/notes.txt'),
      picked('stories260K.bin'),
    ];

    expect(topLevelFiles(files).map((file) => file.name)).toEqual([
      'tok512.bin',
      'stories260K.bin',
    ]);
  });
});

describe('describePick', () => {
  it('names the folder of a folder pick, else counts the files', () => {
    expect([
      describePick([picked('stories/tok512.bin')]),
      describePick([new File([''], 'a.bin')]),
      describePick([new File([''], 'a'), new File([''], 'b')]),
    ]).toEqual(['stories', 'a.bin', '2 files']);
  });
});
