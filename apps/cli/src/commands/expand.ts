import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  expandDraftHead,
  expandShapes,
  expandedCheckpoint,
  importHuggingFace,
  loadDraftHead,
  loadLlama2c,
  parseHuggingFaceConfig,
  saveDraftHead,
  streamSafetensors,
} from '@confu/checkpoint';
import type { DecoderWeights, Eagle3HeadWeights, ExpandShape } from '@confu/checkpoint';
import type { FileSource } from '@confu/core';
import { ConfuError } from '@confu/errors';
import { defaultTapLayers } from '@confu/model-builder';
import { detectCheckpoint } from '@confu/model-loader';
import { createDirectoryFileSource } from '@confu/node';
import { createProgressBar } from '@confu/trainer';
import { numberOption, requiredString } from '../cli-options.js';

export const expandUsage = `confu expand --model <dir> --shape <name|config.json> --out <dir> [--head <dir> ...]

  Writes a Hugging Face checkpoint of a real model's shape that computes exactly the model's
  function (docs/realistic-targets.md): the same tokens at the cost of that shape. Name it
  honestly in tables: <model>@<shape>, e.g. stories260K@100m.
  --model <dir>         llama2.c or Hugging Face Llama directory
  --shape <name|file>   100m | smollm2-360m | tinyllama-1.1b | llama-3.2-1b, or a config.json
  --out <dir>           output directory (must not exist): config.json, model.safetensors,
                        the model's tokenizer files, one subdirectory per --head
  --head <dir>          an EAGLE-3 or ConFu head of the model, expanded to match (repeatable)
  --draft-vocab <n>     pad head draft vocabularies to n (default: min(8192, shape vocab): SpecForge
                        heads keep 32,000 of Llama-3's 128,256 ids, a quarter; 8,192 is a quarter
                        of a 32,000 vocabulary)`;

/** The default padded draft vocabulary (see the usage text for why). */
const defaultDraftVocab = 8192;

/** `confu expand`: validates everything first, writes into a temporary folder, then renames it. */
export async function runExpand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      shape: { type: 'string' },
      out: { type: 'string' },
      head: { type: 'string', multiple: true },
      'draft-vocab': { type: 'string' },
    },
    strict: true,
  });
  const flags = values as Record<string, string | undefined>;
  const out = resolve(requiredString(flags, 'out'));
  if (existsSync(out)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--out ${out} already exists; refusing to overwrite it`,
    );
  }
  const shape = await readShape(requiredString(flags, 'shape'));
  const source = createDirectoryFileSource(requiredString(flags, 'model'));
  const model = await readModel(source);
  const tapLayers = model.weights.tapLayers ?? defaultTapLayers(model.weights.config.numLayers);
  const checkpoint = expandedCheckpoint(model.weights, shape, {
    tapLayers,
    source: { name: model.name, sha256: model.sha256 },
  });
  const draftVocab =
    numberOption(flags, 'draft-vocab', { integer: true, min: 1 }) ??
    Math.min(defaultDraftVocab, shape.vocabSize);
  const heads: { name: string; head: Eagle3HeadWeights }[] = [];
  for (const path of values.head ?? []) {
    const headSource = createDirectoryFileSource(path);
    const recorded = (await readJson(headSource, 'config.json'))['target_sha256'];
    if (typeof recorded === 'string' && recorded !== model.sha256) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `--head ${path} was trained for a target with sha256 ${recorded}, not ${model.name} (${model.sha256})`,
      );
    }
    const head = await loadDraftHead(headSource, { target: model.weights.config });
    heads.push({
      name: basename(resolve(path)),
      head: expandDraftHead(head, {
        target: checkpoint.decoder.map,
        draftVocabSize: Math.max(draftVocab, head.config.draftVocabSize),
        tapLayers: head.config.tapLayers ?? tapLayers,
      }),
    });
  }

  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  await mkdir(partial, { recursive: true });
  try {
    await writeFile(
      join(partial, 'config.json'),
      `${JSON.stringify(checkpoint.config, null, 2)}\n`,
    );
    const progress = createProgressBar({
      totalSteps: checkpoint.tensors.length,
      stream: process.stderr,
      lines: !process.stderr.isTTY,
    });
    let written = 0;
    const file = await open(join(partial, 'model.safetensors'), 'wx');
    const hash = createHash('sha256');
    try {
      await streamSafetensors(
        {
          write: async (chunk) => {
            hash.update(chunk);
            await file.write(chunk);
          },
        },
        checkpoint.tensors.map((tensor) => ({
          ...tensor,
          data: () => {
            const data = tensor.data();
            progress.update(++written, tensor.name);
            return data;
          },
        })),
        { format: 'pt' },
      );
    } finally {
      await file.close();
      progress.finish();
    }
    const modelSha256 = hash.digest('hex');
    for (const name of model.tokenizerFiles) {
      const target = name === model.llama2cTokenizer ? 'tokenizer.bin' : name;
      await copyFile(join(model.directory, name), join(partial, target));
    }
    for (const { name, head } of heads) {
      const files = saveDraftHead(head);
      const config = JSON.parse(new TextDecoder().decode(files['config.json'])) as Record<
        string,
        unknown
      >;
      config['target_sha256'] = modelSha256;
      config['target_file'] = 'model.safetensors';
      await mkdir(join(partial, name));
      await writeFile(join(partial, name, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
      await writeFile(join(partial, name, 'model.safetensors'), files['model.safetensors']);
    }
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
  const c = checkpoint.decoder.config;
  process.stderr.write(
    `${out}: ${model.name}@${shape.name} — ${c.numLayers} layers, hidden ${c.hiddenSize}, ${c.numHeads}/${c.numKvHeads} heads × ${c.headDim}, FFN ${c.intermediateSize}, vocab ${c.vocabSize}; taps [${tapLayers.join(', ')}]${heads.length ? `; heads: ${heads.map((h) => h.name).join(', ')} (draft vocab ${draftVocab})` : ''}\n`,
  );
}

/** A named shape, or the dimensions of a Hugging Face config.json. */
async function readShape(value: string): Promise<ExpandShape> {
  const named = expandShapes[value];
  if (named) return named;
  if (!value.endsWith('.json')) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--shape must be one of ${Object.keys(expandShapes).join(', ')} or a config.json path, got ${value}`,
    );
  }
  const source = createDirectoryFileSource(dirname(resolve(value)));
  const name = basename(value);
  const { config } = parseHuggingFaceConfig(await readJson(source, name), source.describe(name));
  return {
    name: basename(dirname(resolve(value))),
    hiddenSize: config.hiddenSize,
    numLayers: config.numLayers,
    numHeads: config.numHeads,
    numKvHeads: config.numKvHeads,
    headDim: config.headDim,
    intermediateSize: config.intermediateSize,
    vocabSize: config.vocabSize,
  };
}

interface SourceModel {
  readonly weights: DecoderWeights;
  readonly name: string;
  readonly directory: string;
  /** sha256 of the weights file (llama2.c .bin or model.safetensors). */
  readonly sha256: string;
  /** Files to copy beside the expanded weights. */
  readonly tokenizerFiles: readonly string[];
  readonly llama2cTokenizer?: string;
}

async function readModel(source: FileSource): Promise<SourceModel> {
  const layout = await detectCheckpoint(source);
  if (layout.kind === 'llama2c') {
    const weights = await loadLlama2c(source, layout.checkpoint);
    return {
      weights,
      name: layout.checkpoint.replace(/\.bin$/, ''),
      directory: dirname(source.describe(layout.checkpoint)),
      sha256: await sha256Of(source, layout.checkpoint),
      tokenizerFiles: [layout.tokenizer],
      llama2cTokenizer: layout.tokenizer,
    };
  }
  const { weights } = await importHuggingFace(source);
  const files = await source.list();
  const weightsFile = files.includes('model.safetensors')
    ? 'model.safetensors'
    : 'model.safetensors.index.json';
  return {
    weights,
    name: basename(dirname(source.describe('config.json'))),
    directory: dirname(source.describe('config.json')),
    sha256: await sha256Of(source, weightsFile),
    tokenizerFiles: [
      'tokenizer.json',
      'tokenizer_config.json',
      'generation_config.json',
      'tokenizer.bin',
    ].filter((name) => files.includes(name)),
  };
}

async function sha256Of(source: FileSource, name: string): Promise<string> {
  const hash = createHash('sha256');
  const size = await source.size(name);
  const chunk = 64 << 20;
  for (let start = 0; start < size; start += chunk) {
    hash.update(await source.read(name, { start, end: Math.min(size, start + chunk) }));
  }
  return hash.digest('hex');
}

async function readJson(source: FileSource, name: string): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await source.read(name));
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Reported below with the file's name.
  }
  throw new ConfuError('INVALID_FILE', `${source.describe(name)} is not a JSON object`);
}
