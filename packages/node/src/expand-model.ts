import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
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
import { createDirectoryFileSource } from './directory-file-source.js';

/** Options of {@link expandModel}. */
export interface ExpandModelOptions {
  /** llama2.c or Hugging Face Llama directory. */
  readonly model: string;
  /** A named shape (`100m`, `smollm2-360m`, ...) or a Hugging Face config.json path. */
  readonly shape: string;
  /** Output directory; must not exist. */
  readonly out: string;
  /** EAGLE-3 / ConFu heads of the model, expanded into `out/<head folder name>`. */
  readonly heads?: readonly string[];
  /** Padded draft vocabulary of the heads. Default: min(8192, the shape's vocabulary). */
  readonly draftVocab?: number;
  /** Called after each tensor of model.safetensors is built. */
  readonly onTensor?: (name: string, written: number, total: number) => void;
}

/** What {@link expandModel} wrote. */
export interface ExpandedModel {
  readonly out: string;
  readonly name: string;
  readonly shape: ExpandShape;
  readonly tapLayers: readonly number[];
  readonly heads: readonly string[];
  readonly draftVocab: number;
}

/** The default padded draft vocabulary: SpecForge heads keep 32,000 of Llama-3's 128,256 ids. */
const defaultDraftVocab = 8192;

/**
 * Writes `model` expanded to `shape` (docs/realistic-targets.md) as a Hugging Face directory —
 * config.json, model.safetensors streamed tensor by tensor, the tokenizer files, the heads — after
 * validating everything; it writes into a temporary folder and renames it, so a bad input or a
 * failure leaves nothing behind.
 * @throws ConfuError `INVALID_ARGUMENT` (existing `out`, unknown shape, a shape that cannot hold
 * the model, a head of another target, a bad draft vocabulary), the loaders' codes.
 */
export async function expandModel(options: ExpandModelOptions): Promise<ExpandedModel> {
  const out = resolve(options.out);
  if (existsSync(out)) {
    throw new ConfuError('INVALID_ARGUMENT', `${out} already exists; refusing to overwrite it`);
  }
  const shape = await readShape(options.shape);
  const source = createDirectoryFileSource(options.model);
  const model = await readModel(source);
  const tapLayers = model.weights.tapLayers ?? defaultTapLayers(model.weights.config.numLayers);
  const checkpoint = expandedCheckpoint(model.weights, shape, {
    tapLayers,
    source: { name: model.name, sha256: model.sha256 },
  });
  const draftVocab = options.draftVocab ?? Math.min(defaultDraftVocab, shape.vocabSize);
  const heads: { name: string; head: Eagle3HeadWeights }[] = [];
  for (const path of options.heads ?? []) {
    const headSource = createDirectoryFileSource(path);
    const recorded = (await readJson(headSource, 'config.json'))['target_sha256'];
    if (typeof recorded === 'string' && recorded !== model.sha256) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `head ${path} was trained for a target with sha256 ${recorded}, not ${model.name} (${model.sha256})`,
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
    const file = await open(join(partial, 'model.safetensors'), 'wx');
    const hash = createHash('sha256');
    let written = 0;
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
            options.onTensor?.(tensor.name, ++written, checkpoint.tensors.length);
            return data;
          },
        })),
        { format: 'pt' },
      );
    } finally {
      await file.close();
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
  return { out, name: model.name, shape, tapLayers, heads: heads.map((h) => h.name), draftVocab };
}

/** A named shape, or the dimensions of a Hugging Face config.json. */
async function readShape(value: string): Promise<ExpandShape> {
  const named = expandShapes[value];
  if (named) return named;
  if (!value.endsWith('.json')) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `shape must be one of ${Object.keys(expandShapes).join(', ')} or a config.json path, got ${value}`,
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
