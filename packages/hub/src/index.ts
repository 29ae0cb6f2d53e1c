/**
 * @module @confu/hub
 * Resolves a model reference (a local path or a Hugging Face hub id) to a local directory,
 * downloading hub files once into a verified cache. Node only.
 */
export { resolveModel } from './resolve-model.js';
export type { ResolvedModel } from './resolve-model.js';
export { defaultHubCacheDirectory } from './hub-options.js';
export type { DownloadProgress, ResolveModelOptions } from './hub-options.js';
export { parseHubId } from './parse-hub-id.js';
export type { HubReference } from './parse-hub-id.js';
