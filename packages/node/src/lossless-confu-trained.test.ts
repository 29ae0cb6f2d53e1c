import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeLosslessGreedy } from './__fixtures__/lossless-suite.js';

const trainedHead = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../models/stories260k-confu',
);

describeLosslessGreedy('confu', {
  expectAcceptance: true,
  draftModel: trainedHead,
  label: 'trained ConFu (models/stories260k-confu)',
});
