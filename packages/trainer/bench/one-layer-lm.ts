// One-layer transformer LM of docs §13 trained by @confu/trainer on random tokens.
// Run: node --conditions=@confu/source --import tsx packages/trainer/bench/one-layer-lm.ts [steps]
import os from 'node:os';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { createSeededRandom } from '@confu/sampler';
import { createTensor } from '@confu/runtime';
import { createLrSchedule, createProgressBar, createTrainer } from '@confu/trainer';
import {
  buildOneLayerLm,
  initialLmParameters,
  lmParameterCount,
} from '../src/__fixtures__/one-layer-lm.js';
import type { LmConfig } from '../src/__fixtures__/one-layer-lm.js';

const config: LmConfig = { vocab: 4096, hidden: 256, heads: 4, ff: 1024, seq: 128, batch: 8 };
const steps = Number(process.argv[2] ?? 20);
const warmup = 2;
const tfjsWasmTokensPerSecond = 105; // onnxruntime-notes.md §13.2
const threads = 2;

// Idle intra-op threads spinning help on an idle machine and hurt on a shared one (measured here:
// 1715 vs 2170 tokens/s at load 2.5 on 2 vCPUs). CONFU_SPIN=1 turns spinning on.
const allowSpinning = process.env.CONFU_SPIN === '1';
const runtime = createOnnxNodeRuntime({ numThreads: threads, allowSpinning });
const started = performance.now();
const trainer = await createTrainer({
  runtime,
  buildForward: buildOneLayerLm(config),
  initialParams: initialLmParameters(config, createSeededRandom(1)),
  optimizer: { beta2: 0.95, weightDecay: 0.1, maxGradNorm: 1 },
  schedule: createLrSchedule({ peak: 2e-3, warmupSteps: 3, decay: 'constant' }),
  seed: 7,
  session: { numThreads: threads },
});
const compileSeconds = (performance.now() - started) / 1000;

const tokens = config.batch * config.seq;
const { random } = trainer;
// Two fixed random batches, alternated: the loss falls as the model memorises them.
const pool = Array.from({ length: 2 }, () => {
  const ids = BigInt64Array.from({ length: tokens + config.batch }, () =>
    BigInt(random.integer(config.vocab)),
  );
  const rows = (offset: number) => {
    const out = new BigInt64Array(tokens);
    for (let b = 0; b < config.batch; b++)
      out.set(
        ids.subarray(b * (config.seq + 1) + offset, b * (config.seq + 1) + offset + config.seq),
        b * config.seq,
      );
    return createTensor('int64', out, [config.batch, config.seq]);
  };
  return { tokens: rows(0), targets: rows(1) };
});

const bar = createProgressBar({ totalSteps: steps, tokensPerStep: tokens, stream: process.stderr });
const losses: number[] = [];
const times: number[] = [];
const cpuTimes: number[] = [];
for (let step = 1; step <= steps; step++) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await trainer.step(pool[(step - 1) % pool.length] as (typeof pool)[number]);
  times.push(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  losses.push(Number(result.loss.toFixed(4)));
  bar.update(step, result.loss);
}
bar.finish();
await trainer.dispose();

const measured = times.slice(warmup).sort((a, b) => a - b);
const median = (measured[Math.floor(measured.length / 2)] as number) / 1000;
const cpuMeasured = cpuTimes.slice(warmup).sort((a, b) => a - b);
const cpuMedian = (cpuMeasured[Math.floor(cpuMeasured.length / 2)] as number) / 1000;
const params = lmParameterCount(config);
// FLOPs per step: 6·P·T (forward 2PT + backward 4PT, the usual convention, which also counts the
// embedding and position tables) plus attention scores and weighted sums, 3 × 4·B·S²·h
// (forward QKᵀ and AV at 2·B·S²·h each; backward twice that).
const attentionFlops = 3 * 4 * config.batch * config.seq ** 2 * config.hidden;
const flops = 6 * params * tokens + attentionFlops;
const tokensPerSecond = tokens / median;
console.log(
  JSON.stringify(
    {
      model: { ...config, params },
      threads,
      allowSpinning,
      steps,
      loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
      compileSeconds: Number(compileSeconds.toFixed(2)),
      stepSeconds: {
        median: Number(median.toFixed(4)),
        min: Number(((measured[0] as number) / 1000).toFixed(4)),
      },
      // Process CPU time per step (all threads): robust to other load on the machine.
      cpuSecondsPerStep: Number(cpuMedian.toFixed(4)),
      tokensPerSecond: Math.round(tokensPerSecond),
      gflopPerStep: Number((flops / 1e9).toFixed(2)),
      gflopPerSecond: Number((flops / 1e9 / median).toFixed(1)),
      flopFormula: '6 * params * tokens + 12 * batch * seq^2 * hidden',
      ratioToTfjsWasm: Number((tokensPerSecond / tfjsWasmTokensPerSecond).toFixed(1)),
      losses,
    },
    null,
    2,
  ),
);
