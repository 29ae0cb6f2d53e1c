import { describeLosslessGreedy } from './__fixtures__/lossless-suite.js';

describeLosslessGreedy('eagle3', { expectAcceptance: false });
