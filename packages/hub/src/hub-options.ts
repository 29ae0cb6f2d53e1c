import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** A download progress report of {@link ResolveModelOptions.onProgress}. */
export interface DownloadProgress {
  /** Path of the file inside the repository. */
  readonly file: string;
  readonly receivedBytes: number;
  readonly totalBytes: number;
  /** True once the file is complete and verified. */
  readonly done: boolean;
}

/** Options of `resolveModel`. Each falls back to an environment variable, then a default. */
export interface ResolveModelOptions {
  /** Cache root. Default `$CONFU_HUB_CACHE`, else `<confu cache>/hub` (see `defaultHubCacheDirectory`). */
  readonly cacheDirectory?: string;
  /** Hub base URL, e.g. a mirror. Default `$HF_ENDPOINT`, else `https://huggingface.co`. */
  readonly endpoint?: string;
  /** Use only the cache, never the network. Default true when `$HF_HUB_OFFLINE` or `$CONFU_OFFLINE` is `1`. */
  readonly offline?: boolean;
  /** Access token for gated or private repositories. Default `$HF_TOKEN`. */
  readonly token?: string;
  /** Overrides the revision of the id (`owner/name@rev`). */
  readonly revision?: string;
  /** Called as bytes arrive (at most every 64 KiB per file) and when a file is done. */
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly signal?: AbortSignal;
  /** Injectable for tests. Default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Environment to read defaults from. Default `process.env`. */
  readonly environment?: NodeJS.ProcessEnv;
}

/** Options with every default filled in. */
export interface HubSettings {
  readonly cacheDirectory: string;
  readonly endpoint: string;
  readonly offline: boolean;
  readonly token: string | undefined;
  readonly fetch: typeof globalThis.fetch;
}

/**
 * The default hub cache: `$CONFU_HUB_CACHE`, else `$CONFU_CACHE_DIR/hub`, else
 * `$XDG_CACHE_HOME/confu/hub`, else `~/.cache/confu/hub` (beside `@confu/node`'s graph cache).
 */
export function defaultHubCacheDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.CONFU_HUB_CACHE) return resolve(environment.CONFU_HUB_CACHE);
  if (environment.CONFU_CACHE_DIR) return join(resolve(environment.CONFU_CACHE_DIR), 'hub');
  return join(environment.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'confu', 'hub');
}

/** Fills in the defaults of {@link ResolveModelOptions}. */
export function hubSettings(options: ResolveModelOptions): HubSettings {
  const environment = options.environment ?? process.env;
  const flag = (name: string): boolean => environment[name] === '1' || environment[name] === 'true';
  const token = options.token ?? environment.HF_TOKEN;
  return {
    cacheDirectory: resolve(options.cacheDirectory ?? defaultHubCacheDirectory(environment)),
    endpoint: (options.endpoint ?? environment.HF_ENDPOINT ?? 'https://huggingface.co').replace(
      /\/+$/,
      '',
    ),
    offline: options.offline ?? (flag('HF_HUB_OFFLINE') || flag('CONFU_OFFLINE')),
    token: token === '' ? undefined : token,
    fetch: options.fetch ?? globalThis.fetch,
  };
}
