import type { Context } from 'hono';
import type { AppContext } from './app-context.js';

/** `GET /health`: 200 while a worker serves and shutdown has not begun, else 503. */
export function healthRoute(context: AppContext): (c: Context) => Response {
  return (c) => {
    const ready = context.pool.readySlots;
    const status = context.isClosing() ? 'shutting_down' : ready > 0 ? 'ok' : 'unavailable';
    return c.json({ status, slots_ready: ready }, status === 'ok' ? 200 : 503);
  };
}
