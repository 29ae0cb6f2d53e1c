import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';

/** URL prefix the shared models are served under. */
export const sharedModelsPrefix = '/models/';

/**
 * Serves `<modelsDirectory>/<name>/<file>` at `/models/<name>/<file>` on the dev and preview
 * servers (read-only, GET and HEAD, nothing outside the folder), so a local model can be loaded
 * by URL. Not part of the production build. Does nothing when the folder is absent.
 */
export function sharedModelsPlugin(modelsDirectory: string): Plugin {
  const middleware = createMiddleware(resolve(modelsDirectory));
  return {
    name: 'confu-shared-models',
    apply: () => existsSync(modelsDirectory),
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

function createMiddleware(root: string): Connect.NextHandleFunction {
  return (request: IncomingMessage, response: ServerResponse, next: Connect.NextFunction) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(sharedModelsPrefix)) return next();
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const path = resolve(root, decodeURIComponent(url.pathname.slice(sharedModelsPrefix.length)));
    const stats = path.startsWith(root + sep) && existsSync(path) ? statSync(path) : undefined;
    if (!stats?.isFile()) {
      response.statusCode = 404;
      response.end('not found');
      return;
    }
    response.setHeader('Content-Type', 'application/octet-stream');
    response.setHeader('Content-Length', stats.size);
    response.setHeader('Cache-Control', 'no-cache');
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(path).pipe(response);
  };
}
