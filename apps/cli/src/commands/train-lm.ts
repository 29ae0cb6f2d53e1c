import { copyFile, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfuError } from '@confu/errors';
import { importHuggingFace } from '@confu/checkpoint';
import type { DecoderConfig } from '@confu/checkpoint';
import type { Tokenizer } from '@confu/core';
import { defaultTapLayers } from '@confu/model-builder';
import { createDirectoryFileSource } from '@confu/node';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { loadHfTokenizer, loadLlama2cTokenizer } from '@confu/tokenizer';
import {
  decoderWeightsFromLm,
  lmModelFiles,
  lmParametersFromDecoder,
  trainLm,
} from '@confu/trainer';
import type { LmData, TrainingRecord } from '@confu/trainer';
import { readRecordFile } from '@confu/trainer/node';
import { numberOption, requiredString } from '../cli-options.js';
import { readRunControl, runControlArgs } from './train-control.js';

export const trainLmUsage = `confu train --method lm --data <file...> --tokenizer <dir> --out <dir> [options]

  --data <file...>         JSON lines {"text": ...}, one document each (\`confu corpus\` writes
                           them): causal cross-entropy over <s> text </s>, packed into sequences;
                           or record files / a directory of *.rec from \`confu data\` of a teacher
                           with the same tokenizer: distillation from its next-token distributions
  --tokenizer <dir>        tokenizer.json (+ tokenizer_config.json) or a llama2.c tokenizer;
                           encodes the text and is copied into --out
  --out <dir>              model directory to write (Hugging Face Llama: config.json,
                           model.safetensors, generation_config.json, tokenizer files)
  --eval-data <file>       held-out JSON lines: mean next-token loss every --eval-every updates
  --eval-every <n>         default 100
  --layers <n>             decoder layers (default 8)
  --hidden <n>             hidden size (default 128)
  --heads <n>              attention heads (default 4)
  --kv-heads <n>           key/value heads (default --heads)
  --ffn <n>                SwiGLU width (default 344)
  --context <n>            context length (default 512)
  --rope-theta <x>         default 10000
  --untied                 separate output head (default: tied to the embedding)
  --tap-layers a,b,c       EAGLE-3 tap layers recorded in config.json (default 2, L/2, L-3)
  --teacher-weight <w>     distillation target: w · teacher + (1 − w) · next token (default 1)
  --steps <n>              optimizer updates (default 1000)
  --batch <n>              sequences per micro-batch (default 8)
  --accumulation <n>       micro-batches per update (default 1)
  --seq <n>                tokens per sequence (default min(512, context))
  --lr <x>                 peak learning rate, warm-up then cosine to 10 % (default 3e-3)
  --warmup <n>             warm-up updates (default min(100, steps/20))
  --weight-decay <x>       AdamW decay of matrices (default 0.1)
  --seed <n>               initialisation and shuffling seed (default 0)
  --init <dir>             continue from this model directory (its shape is kept)
  --dtype F32|F16          weights file precision (default F32)
  --threads <n>            ONNX Runtime intra-op threads (default 2)`;

const shapeArgs = {
  layers: { type: 'string' },
  hidden: { type: 'string' },
  heads: { type: 'string' },
  'kv-heads': { type: 'string' },
  ffn: { type: 'string' },
  context: { type: 'string' },
  'rope-theta': { type: 'string' },
  untied: { type: 'boolean' },
} as const;

/**
 * \`confu train --method lm\`: trains a Llama-family language model from scratch on text (or by
 * distillation from a teacher's records) with \`@confu/trainer\`'s \`trainLm\`, and writes a Hugging
 * Face model directory. Progress on stderr, JSON on stdout.
 */
export async function runTrainLm(argv: string[], signal: AbortSignal): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      method: { type: 'string' },
      data: { type: 'string', multiple: true },
      tokenizer: { type: 'string' },
      out: { type: 'string' },
      'eval-data': { type: 'string' },
      'eval-every': { type: 'string' },
      ...shapeArgs,
      'tap-layers': { type: 'string' },
      'teacher-weight': { type: 'string' },
      steps: { type: 'string' },
      batch: { type: 'string' },
      accumulation: { type: 'string' },
      seq: { type: 'string' },
      lr: { type: 'string' },
      warmup: { type: 'string' },
      'weight-decay': { type: 'string' },
      seed: { type: 'string' },
      init: { type: 'string' },
      dtype: { type: 'string' },
      threads: { type: 'string' },
      ...runControlArgs,
    },
    allowPositionals: true,
    strict: true,
  });
  const flags = values as Record<string, string | boolean | undefined>;
  const dataFiles = [...(values.data ?? []), ...positionals];
  if (dataFiles.length === 0) throw new ConfuError('INVALID_ARGUMENT', '--data is required');
  const tokenizerDir = requiredString(flags, 'tokenizer');
  const out = requiredString(flags, 'out');
  const steps = numberOption(flags, 'steps', { integer: true, min: 1 }) ?? 1000;
  const threads = numberOption(flags, 'threads', { integer: true, min: 1 }) ?? 2;
  const dtype = values.dtype ?? 'F32';
  if (dtype !== 'F32' && dtype !== 'F16') {
    throw new ConfuError('INVALID_ARGUMENT', `--dtype must be F32 or F16, got ${dtype}`);
  }
  const run = await readRunControl(values, { out, steps, signal });
  const tokenizer = await loadTokenizerDirectory(tokenizerDir);
  const init = values.init
    ? await importHuggingFace(createDirectoryFileSource(values.init))
    : undefined;
  const config = init?.weights.config ?? configFromFlags(flags, tokenizer.vocabSize);
  const tapLayers =
    tapLayersOption(values['tap-layers'], config.numLayers) ??
    init?.weights.tapLayers ??
    defaultTapLayers(config.numLayers);
  const data = await readLmData(dataFiles, tokenizer, {
    teacherWeight: numberOption(flags, 'teacher-weight', { min: 0, max: 1 }),
    signal,
  });
  const evalDocuments =
    typeof values['eval-data'] === 'string'
      ? await readDocuments(values['eval-data'], tokenizer)
      : undefined;
  const optional = (name: string, integer = true) =>
    numberOption(flags, name, { integer, min: integer ? 1 : 0 });
  const warmupSteps = numberOption(flags, 'warmup', { integer: true, min: 0 });
  const weightDecay = numberOption(flags, 'weight-decay', { min: 0 });
  const settings = {
    batch: optional('batch'),
    seq: optional('seq'),
    accumulation: optional('accumulation'),
    lr: optional('lr', false),
    evalEvery: optional('eval-every'),
    seed: numberOption(flags, 'seed', { integer: true, min: 0 }),
    warmupSteps,
  };
  const defined = Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  ) as { [K in keyof typeof settings]?: number };
  const result = await trainLm({
    runtime: createOnnxNodeRuntime({ numThreads: threads }),
    config,
    data: data.data,
    ...(evalDocuments ? { evalDocuments } : {}),
    steps,
    ...defined,
    ...(weightDecay === undefined ? {} : { optimizer: { weightDecay } }),
    ...(init ? { init: lmParametersFromDecoder(init.weights) } : {}),
    session: { numThreads: threads },
    ...run.control,
  });
  if (run.stopsEarly) {
    process.stdout.write(
      `${JSON.stringify({ stopped: result.lastStep, checkpoint: resolve(run.checkpointFile) })}\n`,
    );
    return;
  }
  const mean = (xs: readonly number[]): number =>
    xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const tail = Math.max(1, Math.min(50, Math.floor(result.losses.length / 10)));
  const heldOut = result.evaluations.at(-1)?.loss;
  const training = {
    method: 'lm',
    ...result.settings,
    documents: data.documents,
    parameters: result.parameters,
    data: dataFiles,
    eval_data: values['eval-data'] ?? null,
    init: values.init ?? null,
    final_loss: Number(mean(result.losses.slice(-tail)).toFixed(4)),
    held_out_loss: heldOut === undefined ? null : Number(heldOut.toFixed(4)),
    seconds: Number(result.seconds.toFixed(1)),
  };
  const weights = decoderWeightsFromLm(config, result.params, {
    ...(tokenizer.bosTokenId === undefined ? {} : { bosTokenId: tokenizer.bosTokenId }),
    ...(tokenizer.eosTokenIds.length > 0 ? { eosTokenIds: tokenizer.eosTokenIds } : {}),
  });
  const files = lmModelFiles(weights, { dtype, tapLayers, confu: { training } });
  await mkdir(out, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(out, name), bytes);
  await copyTokenizer(tokenizerDir, out);
  process.stdout.write(
    `${JSON.stringify({
      out: resolve(out),
      parameters: result.parameters,
      documents: data.documents,
      firstLoss: Number(mean(result.losses.slice(0, tail)).toFixed(4)),
      finalLoss: training.final_loss,
      evaluations: result.evaluations,
      seconds: training.seconds,
      tokensPerSecond: Math.round(result.tokensPerSecond),
      gflopPerSecond: Number(result.gflopPerSecond.toFixed(2)),
      settings: result.settings,
    })}\n`,
  );
}

function configFromFlags(
  flags: Record<string, string | boolean | undefined>,
  vocabSize: number,
): DecoderConfig {
  const int = (name: string, fallback: number): number =>
    numberOption(flags, name, { integer: true, min: 1 }) ?? fallback;
  const hiddenSize = int('hidden', 128);
  const numHeads = int('heads', 4);
  if (hiddenSize % numHeads !== 0) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--hidden ${hiddenSize} is not a multiple of --heads ${numHeads}`,
    );
  }
  return {
    hiddenSize,
    intermediateSize: int('ffn', 344),
    numLayers: int('layers', 8),
    numHeads,
    numKvHeads: int('kv-heads', numHeads),
    headDim: hiddenSize / numHeads,
    vocabSize,
    contextLength: int('context', 512),
    ropeTheta: numberOption(flags, 'rope-theta', { min: 1 }) ?? 10000,
    rmsNormEps: 1e-5,
    tiedEmbeddings: flags['untied'] !== true,
    qkvBias: false,
    qkNorm: false,
  };
}

/** `--tap-layers a,b,c`: layer indices below `numLayers`, sorted low → high. */
function tapLayersOption(raw: string | undefined, numLayers: number): number[] | undefined {
  if (raw === undefined) return undefined;
  const layers = raw.split(',').map(Number);
  if (layers.some((layer) => !Number.isInteger(layer) || layer < 0 || layer >= numLayers)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--tap-layers must be layer indices in [0, ${numLayers - 1}], got ${raw}`,
    );
  }
  return layers.sort((a, b) => a - b);
}

/** tokenizer.json (+ tokenizer_config.json), or a llama2.c tokenizer.bin / tok*.bin. */
async function loadTokenizerDirectory(dir: string): Promise<Tokenizer> {
  const names = await readdir(dir).catch((error: unknown) => {
    throw new ConfuError('FILE_NOT_FOUND', `--tokenizer ${dir} does not exist`, { cause: error });
  });
  if (names.includes('tokenizer.json')) {
    const config = names.includes('tokenizer_config.json')
      ? (JSON.parse(await readFile(join(dir, 'tokenizer_config.json'), 'utf8')) as object)
      : undefined;
    return loadHfTokenizer(await readFile(join(dir, 'tokenizer.json'), 'utf8'), {
      name: join(dir, 'tokenizer.json'),
      ...(config ? { config } : {}),
    });
  }
  const llama2c = llama2cTokenizerName(names);
  if (!llama2c) {
    throw new ConfuError(
      'FILE_NOT_FOUND',
      `--tokenizer ${dir} holds neither tokenizer.json nor a llama2.c tokenizer.bin / tok*.bin`,
    );
  }
  return loadLlama2cTokenizer(new Uint8Array(await readFile(join(dir, llama2c))), {
    name: join(dir, llama2c),
  });
}

const llama2cTokenizerName = (names: readonly string[]): string | undefined =>
  names.find((name) => name === 'tokenizer.bin') ??
  names.find((name) => /^tok\d*\.bin$/.test(name));

async function copyTokenizer(dir: string, out: string): Promise<void> {
  const names = await readdir(dir);
  if (names.includes('tokenizer.json')) {
    for (const name of ['tokenizer.json', 'tokenizer_config.json']) {
      if (names.includes(name)) await copyFile(join(dir, name), join(out, name));
    }
    return;
  }
  const llama2c = llama2cTokenizerName(names);
  if (llama2c) await copyFile(join(dir, llama2c), join(out, 'tokenizer.bin'));
}

/** `<s> text </s>` of every `{"text"}` line of a JSON-lines file. */
async function readDocuments(file: string, tokenizer: Tokenizer): Promise<Int32Array[]> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new ConfuError('FILE_NOT_FOUND', `${file} does not exist`, { cause: error });
  });
  const eos = tokenizer.eosTokenIds[0];
  const documents: Int32Array[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: { text?: unknown };
    try {
      parsed = JSON.parse(line) as { text?: unknown };
    } catch (error) {
      throw new ConfuError('INVALID_FILE', `${file}:${index + 1} is not JSON`, { cause: error });
    }
    if (typeof parsed.text !== 'string') {
      throw new ConfuError('INVALID_FILE', `${file}:${index + 1} has no string "text"`);
    }
    const ids = tokenizer.encode(parsed.text);
    documents.push(Int32Array.from(eos === undefined ? ids : [...ids, eos]));
  });
  return documents;
}

async function readLmData(
  files: readonly string[],
  tokenizer: Tokenizer,
  options: { teacherWeight: number | undefined; signal: AbortSignal },
): Promise<{ data: LmData; documents: number }> {
  const records: TrainingRecord[] = [];
  const documents: Int32Array[] = [];
  for (const file of files) {
    const isDirectory = (await stat(file).catch(() => undefined))?.isDirectory() ?? false;
    const recordFiles = isDirectory
      ? (await readdir(file))
          .filter((name) => name.endsWith('.rec'))
          .sort()
          .map((name) => join(file, name))
      : file.endsWith('.rec')
        ? [file]
        : [];
    for (const recordFile of recordFiles) {
      for await (const record of readRecordFile(recordFile)) {
        options.signal.throwIfAborted();
        records.push(record);
      }
    }
    if (!isDirectory && recordFiles.length === 0)
      documents.push(...(await readDocuments(file, tokenizer)));
  }
  if (records.length > 0 && documents.length > 0) {
    throw new ConfuError('INVALID_ARGUMENT', '--data mixes record files and text documents');
  }
  const tokens = documents.reduce((sum, document) => sum + document.length, 0);
  process.stderr.write(
    records.length > 0
      ? `confu train: ${records.length} teacher records from ${files.length} path(s)\n`
      : `confu train: ${documents.length} documents, ${tokens} tokens from ${files.length} file(s)\n`,
  );
  if (records.length > 0) {
    return {
      data: {
        kind: 'records',
        records,
        ...(options.teacherWeight === undefined ? {} : { teacherWeight: options.teacherWeight }),
      },
      documents: records.length,
    };
  }
  if (documents.length === 0) throw new ConfuError('INVALID_ARGUMENT', '--data holds no documents');
  return { data: { kind: 'documents', documents }, documents: documents.length };
}
