import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeLosslessGreedy } from './__fixtures__/lossless-suite.js';

const trainedHead = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../models/stories260k-eagle3',
);

describeLosslessGreedy('eagle3', {
  expectAcceptance: true,
  draftModel: trainedHead,
  label: 'trained EAGLE-3 (models/stories260k-eagle3)',
});
