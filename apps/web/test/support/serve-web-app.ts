import type { AddressInfo } from 'node:net';
import { build, mergeConfig, preview } from 'vite';
import { createWebConfig } from '../../vite/web-config.js';

/** A built web app served by `vite preview` on 127.0.0.1. */
export interface ServedWebApp {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Builds apps/web into `outDir` for the hub at `hubEndpoint` (its CSP allows that hub only) and
 * serves it (and the repository's models under `/models/`) on an ephemeral port of 127.0.0.1.
 */
export async function serveWebApp(outDir: string, hubEndpoint: string): Promise<ServedWebApp> {
  const config = mergeConfig(createWebConfig({ endpoint: hubEndpoint, extraSources: [] }), {
    configFile: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  await build(config);
  const server = await preview(config);
  const address = server.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => server.close(),
  };
}
