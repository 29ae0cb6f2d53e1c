import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { describe, expect, it } from 'vitest';
import { referenceAdamWStep } from '../__fixtures__/reference-adamw.js';
import type { ReferenceAdamW, ReferenceParameter } from '../__fixtures__/reference-adamw.js';
import type { RecordingGraph } from '../graph/recording-graph.js';
import { createTrainer } from '../trainer.js';
import { createLrSchedule } from './lr-schedule.js';

const runtime = createOnnxNodeRuntime({ numThreads: 1 });
const targets = { w: [0.5, -1, 2, 0, 1.5, -0.5], b: [1, -2, 0.25] };
const weights = { w: [1, 2, 0.5, 3, 1, 2], b: [2, 0.5, 1] };
const initial = {
  w: Float32Array.from([0.1, 0.2, -0.3, 0.4, -0.5, 0.6]),
  b: Float32Array.from([0.3, -0.1, 0.2]),
};

// loss = ½ Σ s ⊙ (p − target)², so ∂loss/∂p = s ⊙ (p − target), easy to mirror in float64.
function quadratic(g: RecordingGraph) {
  const term = (name: 'w' | 'b', dims: number[]) => {
    const p = g.addInput(name, 'float32', dims);
    const diff = g.op('Sub', [
      p,
      g.addInitializer(`${name}_t`, 'float32', dims, Float32Array.from(targets[name])),
    ]);
    const scaled = g.op('Mul', [
      g.op('Mul', [diff, diff]),
      g.addInitializer(`${name}_s`, 'float32', dims, Float32Array.from(weights[name])),
    ]);
    return g.op('ReduceSum', [scaled], { keepdims: 0 });
  };
  const loss = g.op('Mul', [g.op('Add', [term('w', [2, 3]), term('b', [3])]), g.scalar(0.5)]);
  return { loss, params: ['w', 'b'] };
}

async function compare(
  options: ReferenceAdamW & { lrScale?: (name: string) => number },
  steps: number,
) {
  const schedule = createLrSchedule({
    peak: 0.1,
    warmupSteps: 2,
    totalSteps: steps,
    minimum: 0.01,
  });
  await using trainer = await createTrainer({
    runtime,
    buildForward: quadratic,
    initialParams: initial,
    optimizer: options,
    schedule,
  });
  const reference: ReferenceParameter[] = (['w', 'b'] as const).map((name) => ({
    value: Float64Array.from(initial[name]),
    m: new Float64Array(initial[name].length),
    v: new Float64Array(initial[name].length),
    decay: name === 'w',
    lrScale: options.lrScale?.(name) ?? 1,
  }));
  let worst = 0;
  for (let t = 1; t <= steps; t++) {
    const grads = (['w', 'b'] as const).map((name, index) =>
      Float64Array.from(
        (reference[index] as ReferenceParameter).value,
        (p, i) => (weights[name][i] as number) * (p - (targets[name][i] as number)),
      ),
    );
    const norm = referenceAdamWStep(reference, grads, options, { t, lr: schedule(t) });
    const result = await trainer.step({});
    expect(result.gradNorm).toBeCloseTo(norm, 4);
    const params = trainer.parameters();
    (['w', 'b'] as const).forEach((name, index) => {
      const got = params[name]?.data as Float32Array;
      (reference[index] as ReferenceParameter).value.forEach((value, i) => {
        worst = Math.max(worst, Math.abs(value - (got[i] as number)));
      });
    });
  }
  return worst;
}

describe('AdamW in the training graph', () => {
  const base = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };

  it('matches a float64 PyTorch-semantics reference (decay on matrices only, warm-up + cosine)', async () => {
    expect(await compare(base, 8)).toBeLessThanOrEqual(1e-5);
  });

  it('clips the global gradient norm in-graph like clip_grad_norm_', async () => {
    // Initial gradient norm ≈ 9, so a 0.5 threshold clips every step.
    expect(await compare({ ...base, maxGradNorm: 0.5 }, 8)).toBeLessThanOrEqual(1e-5);
  });

  it('scales the learning rate per parameter (parameter groups), weight decay included', async () => {
    const lrScale = (name: string): number => (name === 'w' ? 4 : 0.5);
    expect(await compare({ ...base, maxGradNorm: 0.5, lrScale }, 8)).toBeLessThanOrEqual(1e-5);
  });
});
