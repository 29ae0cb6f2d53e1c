import { describeLosslessGreedy } from './__fixtures__/lossless-suite.js';

describeLosslessGreedy('confu', { expectAcceptance: false });
