/**
 * @module @app/server
 * OpenAI-compatible HTTP server for confu models: `/v1/models`, `/v1/completions`,
 * `/v1/chat/completions`, `/health`, `/metrics`; inference in worker threads.
 */
export { startServer } from './main.js';
export type { RunningServer } from './main.js';
export { createApp } from './app.js';
export { resolveServerConfig } from './config.js';
export type { Logger, ServerConfig, ServerOptions } from './config.js';
