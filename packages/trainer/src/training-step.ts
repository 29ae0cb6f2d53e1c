import { ConfuError } from '@confu/errors';
import { createTensor, expectDType } from '@confu/runtime';
import type { ModelSession, Tensor } from '@confu/core';
import type { ResolvedAdamW } from './optimizer/adamw-options.js';
import { adamWScalars } from './optimizer/adamw-scalars.js';
import type { ParameterSpec } from './training/record-forward.js';
import { trainingNames as names } from './training/training-names.js';
import type { TrainingState } from './training/training-state.js';

/** Graph inputs of one micro-batch (token ids, labels, masks...), by input name. */
export type BatchFeeds = Readonly<Record<string, Tensor>>;

/** What one optimizer update reports. */
export interface StepResult {
  /** Mean loss over the update's micro-batches (before the update). */
  readonly loss: number;
  /** Global L2 norm of the averaged gradients, before clipping. */
  readonly gradNorm: number;
  readonly learningRate: number;
  /** The update's 1-based index. */
  readonly step: number;
}

/** Sessions and fixed data one update needs. */
export interface StepContext {
  readonly step: ModelSession;
  /** Present when accumulating over more than one micro-batch. */
  readonly accumulate: ModelSession | undefined;
  readonly parameters: readonly ParameterSpec[];
  readonly batchInputs: ReadonlySet<string>;
  readonly adamw: ResolvedAdamW;
  /** Shared zero tensors fed as the first micro-batch's gradient sums (ORT never writes inputs). */
  readonly zeroSums: ReadonlyMap<string, Tensor<'float32'>>;
}

const scalar = (value: number): Tensor<'float32'> =>
  createTensor('float32', Float32Array.of(value), []);

function checkBatch(context: StepContext, batch: BatchFeeds): void {
  for (const name of Object.keys(batch)) {
    if (!context.batchInputs.has(name)) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `batch feed \`${name}\` is not a data input of the forward graph; they are ${[...context.batchInputs].join(', ')}`,
      );
    }
  }
}

function float(outputs: Record<string, Tensor>, name: string): Tensor<'float32'> {
  const tensor = outputs[name];
  if (!tensor) throw new ConfuError('RUN_FAILED', `training graph returned no \`${name}\``);
  return expectDType(tensor, 'float32', name);
}

/**
 * Runs one optimizer update over `batches` (one per micro-batch): every micro-batch but the last
 * adds its gradients to running sums in the `accumulate` graph; the last runs the fused
 * step graph (its backward, the average, clipping and AdamW). Outputs replace `state` in place
 * and are fed back as the next inputs without copies.
 */
export async function runTrainingStep(
  context: StepContext,
  state: TrainingState,
  batches: readonly BatchFeeds[],
  learningRate: number,
): Promise<StepResult> {
  batches.forEach((batch) => checkBatch(context, batch));
  const params = Object.fromEntries(state.params);
  let sums: ReadonlyMap<string, Tensor<'float32'>> = context.zeroSums;
  const sumFeeds = (): Record<string, Tensor> =>
    Object.fromEntries([...sums].map(([name, tensor]) => [names.accumulated(name), tensor]));
  let lossTotal = 0;
  for (const batch of batches.slice(0, -1)) {
    const session = context.accumulate as ModelSession;
    const outputs = await session.run({ ...batch, ...params, ...sumFeeds() });
    lossTotal += float(outputs, names.loss).data[0] as number;
    sums = new Map(
      context.parameters.map(({ name }) => [
        name,
        float(outputs, names.next(names.accumulated(name))),
      ]),
    );
  }
  const t = state.updates + 1;
  const scalars = adamWScalars(context.adamw, t, learningRate);
  const feeds: Record<string, Tensor> = {
    ...batches[batches.length - 1],
    ...params,
    ...(batches.length > 1 ? sumFeeds() : {}),
    [names.stepSize]: scalar(scalars.stepSize),
    [names.epsilon]: scalar(scalars.epsilon),
    [names.decayFactor]: scalar(scalars.decayFactor),
  };
  for (const { name } of context.parameters) {
    feeds[names.m(name)] = state.m.get(name) as Tensor;
    feeds[names.v(name)] = state.v.get(name) as Tensor;
  }
  const outputs = await context.step.run(feeds);
  lossTotal += float(outputs, names.loss).data[0] as number;
  for (const { name } of context.parameters) {
    state.params.set(name, float(outputs, names.next(name)));
    state.m.set(name, float(outputs, names.next(names.m(name))));
    state.v.set(name, float(outputs, names.next(names.v(name))));
  }
  state.updates = t;
  const gradNorm = float(outputs, names.gradNorm).data[0] as number;
  return { loss: lossTotal / batches.length, gradNorm, learningRate, step: t };
}
