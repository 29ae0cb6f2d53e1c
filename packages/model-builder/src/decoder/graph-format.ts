/**
 * Version of the graphs this package builds. Bump it with every change to a built graph (ops,
 * inputs, outputs, weight layout): caches of converted graphs are keyed by it, so stale ones are
 * rebuilt, never used.
 */
export const GRAPH_FORMAT_VERSION = 7;
