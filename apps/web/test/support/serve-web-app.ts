import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build, preview } from 'vite';
import { appDirectory } from './paths.js';

/** A built web app served by `vite preview` on 127.0.0.1. */
export interface ServedWebApp {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Builds apps/web into `outDir` with its own vite.config.ts and serves it (and the shared models
 * under `/models/`) on an ephemeral port of 127.0.0.1.
 */
export async function serveWebApp(outDir: string): Promise<ServedWebApp> {
  const configFile = join(appDirectory, 'vite.config.ts');
  await build({
    configFile,
    root: appDirectory,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const server = await preview({
    configFile,
    root: appDirectory,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => server.close(),
  };
}
