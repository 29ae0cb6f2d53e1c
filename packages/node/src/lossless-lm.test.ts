import { describeLosslessGreedy } from './__fixtures__/lossless-suite.js';

describeLosslessGreedy('lm', { expectAcceptance: true });
