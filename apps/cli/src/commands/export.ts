import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfuError } from '@confu/errors';
import { huggingFaceBpeVocabulary, llama2cVocabulary, llamaGgufContent } from '@confu/gguf';
import type { GgufDtype, GgufVocabulary } from '@confu/gguf';
import { writeGgufFile } from '@confu/gguf/node';
import { resolveModel } from '@confu/hub';
import { importHuggingFace, loadLlama2c } from '@confu/checkpoint';
import type { DecoderWeights } from '@confu/checkpoint';
import { detectCheckpoint } from '@confu/model-loader';
import { createDirectoryFileSource } from '@confu/node';
import type { FileSource } from '@confu/node';
import { requiredString } from '../cli-options.js';
import { reportProgress } from '../open-llm.js';

export const exportUsage = `confu export --model <path> --format gguf --dtype f32|f16|q8_0|q4_0 --out <file>

  --model <path>        llama2.c or Hugging Face Llama / Mistral directory (or hub id)
  --format gguf         GGUF v3 for llama.cpp (architecture \`llama\`)
  --dtype <type>        weight type of the matrices (default f32); norms stay f32, rows that are
                        not a multiple of 32 values fall back to f16, as llama.cpp's converter does
  --embedding-dtype <t> type of token_embd / output (default: --dtype); q8_0 beside q4_0 layers is
                        what confu's q4 graphs store (same weights in both engines)
  --out <file>          output file; never overwritten
  --offline             never use the network: hub ids from the Hugging Face cache only
  --hub-endpoint <url>  hub or mirror (default $HF_ENDPOINT or https://huggingface.co)`;

const dtypes: readonly string[] = ['f32', 'f16', 'q8_0', 'q4_0'];

/** `confu export`: a checkpoint directory → a GGUF file, streamed one tensor at a time. */
export async function runExport(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      format: { type: 'string', default: 'gguf' },
      dtype: { type: 'string', default: 'f32' },
      'embedding-dtype': { type: 'string' },
      out: { type: 'string' },
      offline: { type: 'boolean' },
      'hub-endpoint': { type: 'string' },
    },
    strict: true,
  });
  const modelPath = requiredString(values, 'model');
  const out = requiredString(values, 'out');
  if (values.format !== 'gguf') {
    throw new ConfuError('INVALID_ARGUMENT', `--format must be gguf, got ${values.format}`);
  }
  const dtype = values.dtype;
  const embeddingDtype = values['embedding-dtype'] ?? dtype;
  for (const [flag, value] of [
    ['--dtype', dtype],
    ['--embedding-dtype', embeddingDtype],
  ]) {
    if (!dtypes.includes(value as string)) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `${flag} must be one of ${dtypes.join(', ')}, got ${value}`,
      );
    }
  }
  if (existsSync(out)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--out ${out} already exists; refusing to overwrite it`,
    );
  }
  const { path } = await resolveModel(modelPath, {
    onProgress: reportProgress,
    ...(values.offline ? { offline: true } : {}),
    ...(values['hub-endpoint'] ? { endpoint: values['hub-endpoint'] } : {}),
  });
  const { weights, vocabulary } = await readLlamaCheckpoint(createDirectoryFileSource(path));
  const content = llamaGgufContent(weights, vocabulary, {
    dtype: dtype as GgufDtype,
    embeddingDtype: embeddingDtype as GgufDtype,
    name: basename(path),
  });
  const bytes = await writeGgufFile(out, content);
  process.stderr.write(`${out}: ${content.tensors.length} tensors, ${bytes} bytes (${dtype})\n`);
}

/** The decoder and its GGUF vocabulary from a llama2.c or Hugging Face directory. */
async function readLlamaCheckpoint(
  source: FileSource,
): Promise<{ weights: DecoderWeights; vocabulary: GgufVocabulary }> {
  const layout = await detectCheckpoint(source);
  if (layout.kind === 'llama2c') {
    const weights = await loadLlama2c(source, layout.checkpoint);
    const vocabulary = llama2cVocabulary(await source.read(layout.tokenizer), {
      vocabSize: weights.config.vocabSize,
      name: source.describe(layout.tokenizer),
    });
    return { weights, vocabulary };
  }
  const imported = await importHuggingFace(source);
  const { weights, tokenizerFiles } = imported;
  if (imported.modelType !== 'llama' && imported.modelType !== 'mistral') {
    throw new ConfuError(
      'UNSUPPORTED',
      `${source.describe('config.json')}: model type ${imported.modelType} is not a Llama-family decoder; GGUF export supports llama and mistral`,
    );
  }
  if (tokenizerFiles.tokenizerJson === undefined) {
    // An expanded llama2.c model keeps its tokenizer.bin (confu expand).
    if ((await source.list()).includes('tokenizer.bin')) {
      const vocabulary = llama2cVocabulary(await source.read('tokenizer.bin'), {
        name: source.describe('tokenizer.bin'),
      });
      return { weights, vocabulary };
    }
    throw new ConfuError('FILE_NOT_FOUND', `${source.describe('tokenizer.json')} is missing`);
  }
  const addBos = tokenizerFiles.tokenizerConfig?.add_bos_token;
  const vocabulary = huggingFaceBpeVocabulary(JSON.parse(tokenizerFiles.tokenizerJson), {
    vocabSize: weights.config.vocabSize,
    name: source.describe('tokenizer.json'),
    ...(weights.bosTokenId === undefined ? {} : { bosTokenId: weights.bosTokenId }),
    ...(weights.eosTokenIds?.[0] === undefined ? {} : { eosTokenId: weights.eosTokenIds[0] }),
    ...(typeof addBos === 'boolean' ? { addBosToken: addBos } : {}),
  });
  return { weights, vocabulary };
}
