import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfuError } from '@confu/errors';
import {
  headConfigForTarget,
  importHuggingFace,
  isConfuHead,
  loadDraftHead,
  loadLlama2c,
  saveDraftHead,
} from '@confu/checkpoint';
import type { ConfuHeadConfig, DecoderConfig, DecoderWeights } from '@confu/checkpoint';
import { detectCheckpoint, loadTargetEmbedding, sha256Hex } from '@confu/model-loader';
import { createDirectoryFileSource } from '@confu/node';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import {
  TokenCounter,
  confuParametersOf,
  eagle3ParametersOf,
  selectDraftVocabulary,
  trainConfu,
  trainEagle3,
} from '@confu/trainer';
import type { TrainingRecord } from '@confu/trainer';
import { readRecordFile } from '@confu/trainer/node';
import { numberOption, requiredString } from '../cli-options.js';
import { readRunControl, runControlArgs, runControlUsage } from './train-control.js';
import { runTrainLm, trainLmUsage } from './train-lm.js';

export const trainUsage = `${trainLmUsage}

confu train --method eagle3|confu --target <path> --data <file|dir> --out <dir> [options]

  --method eagle3|confu    EAGLE-3 training-time test (confu-spec.md §6), or ConFu (§7.8): the
                           frozen target runs in the graph for the soft prompt and contemplate tokens
  --target <path>          frozen target model directory (llama2.c or Hugging Face)
  --data <file|dir>        record file from \`confu data\`, or a directory of *.rec files
  --out <dir>              head directory to write (config.json + model.safetensors)
  --steps <n>              optimizer updates (default 1000)
  --lr <x>                 peak learning rate, warm-up then cosine to 10 % (default 3e-3)
  --warmup <n>             warm-up updates (default min(100, steps/20))
  --batch <n>              sequences per update (default 8)
  --seq <n>                rows per sequence, longer records truncated (default: longest record)
  --ttt-steps <n>          unrolled training-time-test steps (default 7)
  --draft-vocab <n>        draft vocabulary size, most frequent response tokens (default: target vocab)
  --seed <n>               initialisation and shuffling seed (default 0)
  --init <dir>             start from this head (its draft vocabulary is kept); for confu an
                           EAGLE-3 head (ConFu's recipe) or a ConFu head to continue
  --threads <n>            ONNX Runtime intra-op threads (default 2)
  --dtype F32|F16          head weights file precision (default F32)

ConFu options (--method confu; defaults recorded in docs/decisions/0007):
  --mode moe|static        [con]/[f] embeddings from MoEs, or one learned embedding each (default moe)
  --soft-prompt <n>        soft-prompt rows (default 16)
  --experts <n>            experts per MoE (default 8)
  --top-k <n>              experts mixed per input (default 2)
  --anchors <n>            anchors per sequence K_train (default 64)
  --replication <n>        rows sharing one anchor's future, l (default 4)
  --confu-lr-scale <x>     learning-rate multiplier of the ConFu tensors (default 1)
  --router-lag <n>         [con] router reads row a − 1 − u, u uniform in 0…n (default 0)
  --future next-taps       diagnostic only: feed the root token's true taps as f (an upper bound
                           no inference round can reach; the head is not usable for drafting)
  --future-layers a,b,c    diagnostic only: read f from these layers' inputs instead of the taps

${runControlUsage}`;

interface Target {
  readonly config: DecoderConfig;
  readonly embedding: Float32Array;
  /** All weights (ConFu runs the frozen target inside the training graph). */
  readonly weights: () => Promise<DecoderWeights>;
  /** sha256 of the checkpoint file (llama2.c .bin, or model.safetensors). */
  readonly sha256: string;
  readonly file: string;
}

async function loadTarget(path: string): Promise<Target> {
  const source = createDirectoryFileSource(path);
  const layout = await detectCheckpoint(source);
  const { config, embedding } = await loadTargetEmbedding(source, layout);
  const file =
    layout.kind === 'llama2c'
      ? layout.checkpoint
      : (await source.list()).includes('model.safetensors')
        ? 'model.safetensors'
        : 'config.json';
  return {
    config,
    embedding,
    weights: async () =>
      layout.kind === 'llama2c'
        ? loadLlama2c(source, layout.checkpoint)
        : (await importHuggingFace(source)).weights,
    sha256: await sha256Hex(await source.read(file)),
    file,
  };
}

async function recordFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch((error: unknown) => {
    throw new ConfuError('FILE_NOT_FOUND', `--data ${path} does not exist`, { cause: error });
  });
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((name) => name.endsWith('.rec')).sort();
  if (names.length === 0)
    throw new ConfuError('FILE_NOT_FOUND', `--data ${path} holds no *.rec file`);
  return names.map((name) => join(path, name));
}

/**
 * \`confu train\`: \`--method lm\` trains a language model (\`runTrainLm\`); \`--method eagle3\`
 * loads records and the frozen target's embedding, trains an EAGLE-3 head with \`@confu/trainer\`'s training-time test, and writes the head directory with
 * \`target_sha256\` and the training settings in config.json. Progress on stderr, JSON on stdout.
 */
export async function runTrain(argv: string[], signal: AbortSignal): Promise<void> {
  const { values: first } = parseArgs({
    args: argv,
    options: { method: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  if (first.method === 'lm') return runTrainLm(argv, signal);
  const { values } = parseArgs({
    args: argv,
    options: {
      method: { type: 'string' },
      target: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      steps: { type: 'string' },
      lr: { type: 'string' },
      warmup: { type: 'string' },
      batch: { type: 'string' },
      seq: { type: 'string' },
      'ttt-steps': { type: 'string' },
      'draft-vocab': { type: 'string' },
      seed: { type: 'string' },
      init: { type: 'string' },
      threads: { type: 'string' },
      dtype: { type: 'string' },
      mode: { type: 'string' },
      'soft-prompt': { type: 'string' },
      experts: { type: 'string' },
      'top-k': { type: 'string' },
      anchors: { type: 'string' },
      replication: { type: 'string' },
      'confu-lr-scale': { type: 'string' },
      'router-lag': { type: 'string' },
      future: { type: 'string' },
      'future-layers': { type: 'string' },
      ...runControlArgs,
    },
    strict: true,
  });
  const method = requiredString(values, 'method');
  if (method !== 'eagle3' && method !== 'confu') {
    throw new ConfuError('INVALID_ARGUMENT', `--method must be eagle3, confu or lm, got ${method}`);
  }
  const confu = method === 'confu' ? confuOptions(values) : undefined;
  const targetPath = requiredString(values, 'target');
  const dataPath = requiredString(values, 'data');
  const out = requiredString(values, 'out');
  const steps = numberOption(values, 'steps', { integer: true, min: 1 }) ?? 1000;
  const lr = numberOption(values, 'lr', { min: 0 });
  const warmupSteps = numberOption(values, 'warmup', { integer: true, min: 0 });
  const batch = numberOption(values, 'batch', { integer: true, min: 1 }) ?? 8;
  const seq = numberOption(values, 'seq', { integer: true, min: 1 });
  const tttSteps = numberOption(values, 'ttt-steps', { integer: true, min: 1 }) ?? 7;
  const seed = numberOption(values, 'seed', { integer: true, min: 0 }) ?? 0;
  const threads = numberOption(values, 'threads', { integer: true, min: 1 }) ?? 2;
  const run = await readRunControl(values, { out, steps, signal });
  const dtype = values.dtype ?? 'F32';
  if (dtype !== 'F32' && dtype !== 'F16') {
    throw new ConfuError('INVALID_ARGUMENT', `--dtype must be F32 or F16, got ${dtype}`);
  }

  const target = await loadTarget(targetPath);
  const V = target.config.vocabSize;
  const draftVocabSize =
    numberOption(values, 'draft-vocab', { integer: true, min: 1, max: V }) ?? V;
  const files = await recordFiles(dataPath);
  const records: TrainingRecord[] = [];
  const counter = new TokenCounter(V);
  for (const file of files) {
    for await (const record of readRecordFile(file)) {
      signal.throwIfAborted();
      counter.addRecord(record);
      records.push(record);
    }
  }
  const tokens = records.reduce((sum, record) => sum + record.tokens.length, 0);
  process.stderr.write(
    `confu train: ${records.length} records, ${tokens} tokens from ${files.length} file(s)\n`,
  );

  let vocab: { targetIds: Int32Array; d2t: BigInt64Array; t2d: Uint8Array };
  let init: Record<string, Float32Array> | undefined;
  let config = headConfigForTarget(target.config, draftVocabSize);
  if (values.init !== undefined) {
    const head = await loadDraftHead(createDirectoryFileSource(values.init), {
      target: target.config,
    });
    config = head.config;
    init = {
      ...eagle3ParametersOf(head),
      ...(confu && isConfuHead(head) ? confuParametersOf(head) : {}),
    };
    vocab = {
      targetIds: Int32Array.from(head.d2t, (offset, index) => index + Number(offset)),
      d2t: head.d2t,
      t2d: head.t2d,
    };
  } else {
    vocab = selectDraftVocabulary(counter.counts, draftVocabSize);
  }

  const common = {
    runtime: createOnnxNodeRuntime({ numThreads: threads }),
    vocab,
    records,
    steps,
    batch,
    tttSteps,
    seed,
    ...(seq === undefined ? {} : { seq }),
    ...(warmupSteps === undefined ? {} : { warmupSteps }),
    ...(init ? { init } : {}),
    session: { numThreads: threads },
    ...run.control,
  };
  const result = confu
    ? await trainConfu({
        ...common,
        config: { ...config, confu: confu.head },
        target: await target.weights(),
        anchors: confu.anchors,
        replication: confu.replication,
        confuLrScale: confu.lrScale,
        routerLag: confu.routerLag,
        ...(confu.future ? { future: confu.future } : {}),
        ...(confu.futureLayers ? { futureLayers: confu.futureLayers } : {}),
        lr: lr ?? 1e-3,
      })
    : await trainEagle3({ ...common, config, embedding: target.embedding, lr: lr ?? 3e-3 });
  if (run.stopsEarly) {
    process.stdout.write(
      `${JSON.stringify({ stopped: run.control.stopAfter, checkpoint: resolve(run.checkpointFile) })}\n`,
    );
    return;
  }

  const headFiles = saveDraftHead(result.head, { dtype });
  const json = JSON.parse(new TextDecoder().decode(headFiles['config.json'])) as Record<
    string,
    unknown
  >;
  const mean = (xs: readonly number[]): number =>
    xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const tail = Math.max(1, Math.min(50, Math.floor(result.losses.length / 10)));
  json['target_sha256'] = target.sha256;
  json['target_file'] = target.file;
  json['training'] = {
    method,
    ...result.settings,
    records: records.length,
    tokens,
    // As given on the command line (relative paths keep the config free of machine paths).
    data: files,
    init: values.init ?? null,
    final_loss: Number(mean(result.losses.slice(-tail)).toFixed(4)),
    seconds: Number(result.seconds.toFixed(1)),
  };
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'config.json'), `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(join(out, 'model.safetensors'), headFiles['model.safetensors']);
  process.stdout.write(
    `${JSON.stringify({
      out: resolve(out),
      records: records.length,
      tokens,
      parameters: result.parameters,
      firstLoss: Number(mean(result.losses.slice(0, tail)).toFixed(4)),
      finalLoss: Number(mean(result.losses.slice(-tail)).toFixed(4)),
      seconds: Number(result.seconds.toFixed(1)),
      tokensPerSecond: Math.round(result.tokensPerSecond),
      gflopPerSecond: Number(result.gflopPerSecond.toFixed(2)),
      settings: result.settings,
    })}\n`,
  );
}

/** ConFu settings from the command line (defaults: docs/decisions/0007). */
function confuOptions(values: Record<string, string | boolean | undefined>): {
  head: ConfuHeadConfig;
  anchors: number;
  replication: number;
  lrScale: number;
  routerLag: number;
  future?: 'contemplate' | 'next-taps';
  futureLayers?: number[];
} {
  const layers = values['future-layers'];
  const futureLayers =
    typeof layers === 'string' ? layers.split(',').map((part) => Number(part)) : undefined;
  const future = values['future'];
  if (future !== undefined && future !== 'contemplate' && future !== 'next-taps') {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--future must be contemplate or next-taps, got ${String(future)}`,
    );
  }
  const mode = values['mode'] ?? 'moe';
  if (mode !== 'moe' && mode !== 'static') {
    throw new ConfuError('INVALID_ARGUMENT', `--mode must be moe or static, got ${String(mode)}`);
  }
  const softPromptLength = numberOption(values, 'soft-prompt', { integer: true, min: 1 }) ?? 16;
  const numExperts = numberOption(values, 'experts', { integer: true, min: 1 }) ?? 8;
  const topK = numberOption(values, 'top-k', { integer: true, min: 1, max: numExperts }) ?? 2;
  return {
    head:
      mode === 'moe' ? { mode, softPromptLength, numExperts, topK } : { mode, softPromptLength },
    anchors: numberOption(values, 'anchors', { integer: true, min: 1 }) ?? 64,
    replication: numberOption(values, 'replication', { integer: true, min: 1 }) ?? 4,
    lrScale: numberOption(values, 'confu-lr-scale', { min: 0 }) ?? 1,
    routerLag: numberOption(values, 'router-lag', { integer: true, min: 0 }) ?? 0,
    ...(future ? { future } : {}),
    ...(futureLayers ? { futureLayers } : {}),
  };
}
