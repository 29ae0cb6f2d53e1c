import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerInit } from './messages.js';

/**
 * Starts an inference worker. From TypeScript source (the monorepo runs apps unbuilt, also under
 * vitest) the worker has no loader of its own: `--import tsx` in `execArgv` does not reach a
 * worker's entry on Node 20, so a small eval'd bootstrap registers tsx's hooks first and then
 * imports the entry, with the `@confu/source` condition so workspace packages resolve to `src`.
 */
export function spawnInferenceWorker(init: WorkerInit): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./inference-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).href;
  if (!fromSource) return new Worker(new URL(entry), { workerData: init });
  const tsxPackage = pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = new URL('dist/esm/api/index.mjs', tsxPackage).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, {
    eval: true,
    workerData: init,
    execArgv: ['--conditions=@confu/source'],
  });
}
