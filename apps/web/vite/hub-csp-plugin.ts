import type { Plugin } from 'vite';

/** The hub the app loads hub ids from, and what its Content-Security-Policy lets it connect to. */
export interface HubSettings {
  /** Hub or mirror base URL, e.g. `https://huggingface.co`. */
  readonly endpoint: string;
  /** Origins besides the endpoint's that serve its files (the hub's LFS / Xet CDNs). */
  readonly extraSources: readonly string[];
}

/** huggingface.co redirects file downloads to its CDNs (cdn-lfs*.hf.co, cas-bridge.xethub.hf.co). */
const huggingFaceCdns = ['https://*.huggingface.co', 'https://*.hf.co'];

/**
 * The hub of `CONFU_HUB_ENDPOINT` (default `https://huggingface.co`); `CONFU_HUB_CONNECT_SRC` adds
 * space-separated origins (a mirror's CDN).
 */
export function hubSettingsFromEnvironment(environment: NodeJS.ProcessEnv): HubSettings {
  const endpoint = environment.CONFU_HUB_ENDPOINT ?? 'https://huggingface.co';
  const extra = (environment.CONFU_HUB_CONNECT_SRC ?? '').split(/\s+/).filter(Boolean);
  const isHuggingFace = new URL(endpoint).origin === 'https://huggingface.co';
  return { endpoint, extraSources: [...(isHuggingFace ? huggingFaceCdns : []), ...extra] };
}

/** `connect-src` of the page: its own origin and the configured hub only. */
export function connectSources(hub: HubSettings): string {
  return ["'self'", new URL(hub.endpoint).origin, ...hub.extraSources].join(' ');
}

/**
 * Writes the hub into `index.html`: `__CONFU_CONNECT_SRC__` in the CSP meta tag and
 * `__CONFU_HUB_ENDPOINT__` in the `confu-hub-endpoint` meta tag the page reads. The build fails when
 * either placeholder is missing, so the policy cannot silently fall back to something wider.
 */
export function hubCspPlugin(hub: HubSettings): Plugin {
  const endpoint = hub.endpoint.replace(/\/+$/, '');
  for (const value of [endpoint, ...hub.extraSources]) {
    if (/["'<>;\s]/.test(value))
      throw new Error(`hub source \`${value}\` has characters a CSP cannot hold`);
  }
  return {
    name: 'confu-hub-csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        for (const placeholder of ['__CONFU_CONNECT_SRC__', '__CONFU_HUB_ENDPOINT__']) {
          if (!html.includes(placeholder)) throw new Error(`index.html lacks ${placeholder}`);
        }
        return html
          .replace('__CONFU_CONNECT_SRC__', connectSources({ ...hub, endpoint }))
          .replace('__CONFU_HUB_ENDPOINT__', endpoint);
      },
    },
  };
}
