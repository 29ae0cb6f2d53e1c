import { describe, expect, it } from 'vitest';
import { runFuzzTarget } from './run-target.js';
import { fuzzTargets } from './targets.js';

// The CI smoke of `pnpm fuzz`: a few hundred seeded inputs per parser (the full run is 10^6 each).
describe('fuzz targets (seeded smoke)', () => {
  it.each(fuzzTargets.map((target) => [target.name, target] as const))(
    '%s: every input is accepted or refused with a ConfuError, none hangs',
    async (_, target) => {
      const report = await runFuzzTarget(target, { runs: 400, seed: 20_260_101 });

      expect(report.examples).toEqual([]);
      expect({ failures: report.failures, hangs: report.hangs, inputs: report.inputs }).toEqual({
        failures: 0,
        hangs: 0,
        inputs: 400,
      });
    },
  );
});
