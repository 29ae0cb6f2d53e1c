// Language-model training throughput by shape (`confu train --method lm`'s graph), on synthetic
// tokens: tokens/s and GFLOP/s of a few updates after one warm-up update. Prints a markdown row
// per shape. Usage: node --conditions=@confu/source --import tsx apps/cli/bench/lm-throughput.ts
//   [--threads 2] [--steps 4] [--vocab 2048] [--seq 512] [--batch 8] <layers>x<hidden>x<heads>x<ffn> ...
import { parseArgs } from 'node:util';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { trainLm } from '@confu/trainer';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    threads: { type: 'string', default: '2' },
    steps: { type: 'string', default: '4' },
    vocab: { type: 'string', default: '2048' },
    seq: { type: 'string', default: '512' },
    batch: { type: 'string', default: '8' },
  },
});
const [threads, steps, vocabSize, seq, batch] = [
  values.threads,
  values.steps,
  values.vocab,
  values.seq,
  values.batch,
].map(Number) as [number, number, number, number, number];
const documents = Array.from({ length: 64 }, (_, d) =>
  Int32Array.from({ length: 4 * seq }, (_, i) => (d * 7919 + i * 104729) % vocabSize),
);
console.log('| layers × hidden × heads × ffn | parameters | tokens/s | GFLOP/s |');
console.log('| --- | ---: | ---: | ---: |');
for (const shape of positionals) {
  const [numLayers, hiddenSize, numHeads, intermediateSize] = shape.split('x').map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const config = {
    hiddenSize,
    intermediateSize,
    numLayers,
    numHeads,
    numKvHeads: numHeads,
    headDim: hiddenSize / numHeads,
    vocabSize,
    contextLength: seq,
    ropeTheta: 10000,
    rmsNormEps: 1e-5,
    tiedEmbeddings: true,
    qkvBias: false,
    qkNorm: false,
  };
  const run = (count: number) =>
    trainLm({
      runtime: createOnnxNodeRuntime({ numThreads: threads }),
      config,
      data: { kind: 'documents', documents },
      steps: count,
      warmupSteps: 0,
      batch,
      seq,
      session: { numThreads: threads },
    });
  const warm = await run(1);
  const result = await run(steps + 1);
  // The first update of each run pays for session creation: subtract the one-update run.
  const seconds = result.seconds - warm.seconds;
  const tokens = steps * batch * seq;
  const gflop = (result.gflopPerSecond * result.seconds) / (steps + 1);
  console.log(
    `| ${shape} | ${result.parameters} | ${Math.round(tokens / seconds)} | ${((gflop * steps) / seconds).toFixed(1)} |`,
  );
}
