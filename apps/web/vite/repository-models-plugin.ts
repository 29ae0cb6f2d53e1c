import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, resolve, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';
import type { ServedFolder, ServedModelsIndex } from '../src/served-models.js';

/** URL prefix the repository's models are served under. */
export const modelsPrefix = '/models/';

interface DefaultModelFile {
  readonly model: string;
  readonly heads?: Partial<Record<'eagle3' | 'confu', string>>;
}

/**
 * Serves the repository's `models/` folder at `/models/` on the dev and preview servers (read-only,
 * GET and HEAD, nothing outside the served folders), and `/models/index.json` naming the default
 * model of `models/default.json` (read on every request, so the file stays the one place that names
 * it): its URL, its files and its draft heads (`heads`, else its own `eagle3/` and `confu/`). A
 * default model outside `models/` is served under its folder name. Not part of the production build.
 */
export function repositoryModelsPlugin(modelsDirectory: string): Plugin {
  const middleware = createMiddleware(resolve(modelsDirectory));
  return {
    name: 'confu-repository-models',
    apply: () => existsSync(modelsDirectory),
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

/**
 * The default model's folder and head folders, as absolute paths: `models/default.json`'s `model`
 * and `heads` (folders relative to `models/`), else the model's own `eagle3/` and `confu/`.
 */
export function readDefaultModel(modelsDirectory: string): {
  path: string;
  heads: Partial<Record<'eagle3' | 'confu', string>>;
} {
  const json = JSON.parse(
    readFileSync(resolve(modelsDirectory, 'default.json'), 'utf8'),
  ) as DefaultModelFile;
  const path = resolve(modelsDirectory, json.model);
  const heads: Partial<Record<'eagle3' | 'confu', string>> = {};
  for (const method of ['eagle3', 'confu'] as const) {
    const named = json.heads?.[method];
    const own = resolve(path, method);
    if (named) heads[method] = resolve(modelsDirectory, named);
    else if (existsSync(own)) heads[method] = own;
  }
  return { path, heads };
}

/**
 * Maps a served URL path to a file path under `modelsDirectory` or the default model's folder;
 * undefined for anything outside them.
 */
export function servedPathOf(modelsDirectory: string, urlPath: string): string | undefined {
  const relative = decodeURIComponent(urlPath.slice(modelsPrefix.length));
  const { path: defaultPath } = readDefaultModel(modelsDirectory);
  const defaultName = basename(defaultPath);
  const [first, ...rest] = relative.split('/');
  const root = first === defaultName ? defaultPath : modelsDirectory;
  const path = resolve(root, first === defaultName ? rest.join('/') : relative);
  return path.startsWith(root + sep) ? path : undefined;
}

function urlOf(modelsDirectory: string, defaultPath: string, folder: string): string {
  const under = (root: string): string | undefined =>
    folder === root || folder.startsWith(root + sep)
      ? folder.slice(root.length).split(sep).filter(Boolean).map(encodeURIComponent).join('/')
      : undefined;
  const inDefault = under(defaultPath);
  const path =
    inDefault === undefined
      ? under(modelsDirectory)
      : [encodeURIComponent(basename(defaultPath)), inDefault].filter(Boolean).join('/');
  if (path === undefined) throw new Error(`${folder} is outside the served folders`);
  return `${modelsPrefix}${path}/`;
}

function topLevelFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && entry.name !== 'README.md')
    .map((entry) => entry.name)
    .sort();
}

/** The index of the served models (the default one). */
export function servedModelsIndex(modelsDirectory: string): ServedModelsIndex {
  const { path, heads } = readDefaultModel(modelsDirectory);
  const folder = (directory: string): ServedFolder => ({
    url: urlOf(modelsDirectory, path, directory),
    files: topLevelFiles(directory),
  });
  if (!existsSync(path)) return { models: [] };
  const servedHeads: Partial<Record<'eagle3' | 'confu', ServedFolder>> = {};
  for (const [method, directory] of Object.entries(heads) as ['eagle3' | 'confu', string][]) {
    if (existsSync(directory)) servedHeads[method] = folder(directory);
  }
  return {
    models: [{ name: basename(path), isDefault: true, ...folder(path), heads: servedHeads }],
  };
}

function createMiddleware(modelsDirectory: string): Connect.NextHandleFunction {
  return (request: IncomingMessage, response: ServerResponse, next: Connect.NextFunction) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(modelsPrefix)) return next();
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    response.setHeader('Cache-Control', 'no-cache');
    if (url.pathname === `${modelsPrefix}index.json`) {
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify(servedModelsIndex(modelsDirectory)));
      return;
    }
    const path = servedPathOf(modelsDirectory, url.pathname);
    const stats = path && existsSync(path) ? statSync(path) : undefined;
    if (!path || !stats?.isFile()) {
      response.statusCode = 404;
      response.end('not found');
      return;
    }
    response.setHeader('Content-Type', 'application/octet-stream');
    response.setHeader('Content-Length', stats.size);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(path).pipe(response);
  };
}
