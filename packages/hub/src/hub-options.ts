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
  /** Cache root, shared with other Hugging Face tools. Default {@link defaultHubCacheDirectory}. */
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
 * The Hugging Face hub cache, where `huggingface_hub`, transformers and `@huggingface/hub` look too:
 * `$HF_HUB_CACHE`, else `$HUGGINGFACE_HUB_CACHE`, else `$HF_HOME/hub`, else
 * `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`.
 */
export function defaultHubCacheDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  const set = (name: string): string | undefined => environment[name] || undefined;
  const explicit = set('HF_HUB_CACHE') ?? set('HUGGINGFACE_HUB_CACHE');
  if (explicit) return resolve(explicit);
  const home =
    set('HF_HOME') ?? join(set('XDG_CACHE_HOME') ?? join(homedir(), '.cache'), 'huggingface');
  return join(resolve(home), 'hub');
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
