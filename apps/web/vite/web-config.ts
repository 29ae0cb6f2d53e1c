import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions } from 'vite';
import type { UserConfig } from 'vite';
import { hubCspPlugin } from './hub-csp-plugin.js';
import type { HubSettings } from './hub-csp-plugin.js';
import { repositoryModelsPlugin } from './repository-models-plugin.js';

/** apps/web. */
export const appDirectory = fileURLToPath(new URL('..', import.meta.url));
/** The repository's `models/` (the default model of `models/default.json` and trained heads). */
export const repositoryModelsDirectory = resolve(appDirectory, '../../models');

// onnxruntime-web is given a folder (`wasmPaths`) and appends its own file names, so its .mjs and
// .wasm keep their names in the build; everything else is content-hashed.
const assetFileNames = (asset: { names: readonly string[] }): string =>
  asset.names.some((name) => name.startsWith('ort-wasm-simd-threaded.'))
    ? 'assets/[name][extname]'
    : 'assets/[name]-[hash][extname]';

/** The web app's Vite configuration for a hub (vite.config.ts passes the environment's). */
export function createWebConfig(hub: HubSettings): UserConfig {
  return {
    root: appDirectory,
    // Workspace packages resolve to their TypeScript sources: no package build is needed.
    resolve: { conditions: ['@confu/source', ...defaultClientConditions] },
    optimizeDeps: {
      // Crawl the worker at start-up too, so dev never re-optimises (and reloads) mid-session.
      entries: ['index.html', 'src/worker/decoder-worker.ts'],
      // Pre-bundling would move onnxruntime-web away from its .mjs / .wasm files in dev.
      exclude: ['onnxruntime-web'],
    },
    plugins: [hubCspPlugin(hub), repositoryModelsPlugin(repositoryModelsDirectory)],
    worker: {
      format: 'es',
      rolldownOptions: { output: { assetFileNames } },
    },
    build: {
      target: 'es2022',
      chunkSizeWarningLimit: 2048,
      rolldownOptions: { output: { assetFileNames } },
    },
    server: { host: '127.0.0.1' },
    preview: { host: '127.0.0.1' },
  };
}
