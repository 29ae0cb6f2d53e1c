import type { Context } from 'hono';
import type { AppContext } from './app-context.js';

/** `GET /metrics`: Prometheus text format. */
export function metricsRoute(context: AppContext): (c: Context) => Response {
  return (c) =>
    c.body(context.metrics.render(), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    });
}
