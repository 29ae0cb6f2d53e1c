import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { createHash, randomUUID } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import { GRAPH_FORMAT_VERSION } from '@confu/model-builder';
import type { DecoderSpec } from '@confu/model-builder';
import type { ConvertedModelStore } from '@confu/model-loader';

/** The default cache directory: `$CONFU_CACHE_DIR`, else `$XDG_CACHE_HOME/confu`, else `~/.cache/confu`. */
export function defaultCacheDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.CONFU_CACHE_DIR) return resolve(environment.CONFU_CACHE_DIR);
  return join(environment.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'confu');
}

/**
 * Stores converted graphs on disk, keyed by the checkpoint files' paths, sizes and modification
 * times; sessions then load them by path (weights memory-mapped by onnxruntime-node).
 */
export function createDiskModelStore(
  directory: string,
  modelDirectory: string,
): ConvertedModelStore {
  return {
    async materialize(source, _layout, convert, variant = '', options = {}) {
      const key = await cacheKey(modelDirectory, await source.list(), variant);
      const folder = join(directory, 'models', key);
      const modelPath = join(folder, 'model.onnx');
      const specPath = join(folder, 'confu-model.json');
      const cached = options.rebuild
        ? undefined
        : await readFile(specPath, 'utf8').then(parseCachedSpec, () => undefined);
      if (cached && (await filesIntact(folder))) {
        return { model: { kind: 'path', path: modelPath }, spec: cached };
      }

      const { built, spec } = await convert();
      // Unique per process, thread and call: worker threads may convert the same model at once.
      const staging = `${folder}.tmp-${process.pid}-${threadId}-${randomUUID()}`;
      await mkdir(staging, { recursive: true });
      try {
        await writeChunks(join(staging, 'model.onnx'), [built.model]);
        if (built.externalData.byteLength > 0) {
          await writeChunks(join(staging, built.externalData.path), built.externalData.chunks);
        }
        await writeChunks(join(staging, 'confu-model.json'), [
          new TextEncoder().encode(JSON.stringify(spec, null, 2)),
        ]);
        // Sizes of what was written: a truncated or missing file makes the entry a miss.
        const sizes: Record<string, number> = { 'model.onnx': built.model.byteLength };
        if (built.externalData.byteLength > 0) {
          sizes[built.externalData.path] = built.externalData.byteLength;
        }
        await writeChunks(join(staging, manifestName), [
          new TextEncoder().encode(JSON.stringify(sizes)),
        ]);
        await rm(folder, { recursive: true, force: true });
        await rename(staging, folder);
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        throw error;
      }
      return { model: { kind: 'path', path: modelPath }, spec };
    },
  };
}

const manifestName = 'files.json';

/** Every file of the manifest is there with its recorded size. */
async function filesIntact(folder: string): Promise<boolean> {
  try {
    const sizes = JSON.parse(await readFile(join(folder, manifestName), 'utf8')) as Record<
      string,
      number
    >;
    for (const [name, size] of Object.entries(sizes)) {
      if ((await stat(join(folder, name))).size !== size) return false;
    }
    return Object.keys(sizes).length > 0;
  } catch {
    return false;
  }
}

/** A cached spec from an older or damaged cache is ignored (the graph is rebuilt), never trusted. */
function parseCachedSpec(text: string): DecoderSpec | undefined {
  try {
    const value = JSON.parse(text) as Partial<DecoderSpec> | null;
    const config = value?.config;
    const valid =
      value?.format === 'confu-decoder' &&
      value.version === 1 &&
      typeof config === 'object' &&
      [
        config.numLayers,
        config.numKvHeads,
        config.headDim,
        config.vocabSize,
        config.contextLength,
      ].every((field) => Number.isInteger(field) && (field as number) > 0) &&
      Array.isArray(value.tapLayers) &&
      Array.isArray(value.eosTokenIds);
    return valid ? (value as DecoderSpec) : undefined;
  } catch {
    return undefined;
  }
}

async function cacheKey(
  modelDirectory: string,
  files: readonly string[],
  variant: string,
): Promise<string> {
  const hash = createHash('sha256').update(
    `confu-graph-v${GRAPH_FORMAT_VERSION}\n${resolve(modelDirectory)}\n${variant}\n`,
  );
  for (const name of files) {
    const info = await stat(join(modelDirectory, name));
    hash.update(`${name}\t${info.size}\t${info.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 32);
}

async function writeChunks(path: string, chunks: readonly Uint8Array[]): Promise<void> {
  const stream = createWriteStream(path);
  for (const chunk of chunks) {
    if (!stream.write(chunk))
      await new Promise<void>((resolveDrain) => stream.once('drain', () => resolveDrain()));
  }
  stream.end();
  await finished(stream);
}
