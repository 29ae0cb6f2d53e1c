import { describeLosslessGreedy } from './__fixtures__/lossless-suite.js';

describeLosslessGreedy('ngram', { expectAcceptance: true });
