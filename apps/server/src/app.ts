import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { ApiError } from './errors/api-error.js';
import { toApiError } from './errors/to-api-error.js';
import { requireApiKey } from './http/require-api-key.js';
import type { AppContext } from './routes/app-context.js';
import { chatCompletionsRoute } from './routes/chat-completions.js';
import { completionsRoute } from './routes/completions.js';
import { healthRoute } from './routes/health.js';
import { metricsRoute } from './routes/metrics.js';
import { getModelRoute, listModelsRoute } from './routes/models.js';

/**
 * Builds the HTTP app on web `Request` / `Response`: OpenAI routes under `/v1` (behind the API
 * key when one is set), `/health` and `/metrics` open. Every error leaves through `onError` in
 * the OpenAI envelope `{ error: { message, type, param, code } }`.
 */
export function createApp(context: AppContext): Hono {
  const { config } = context;
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    context.metrics.response(c.req.routePath, c.res.status);
  });
  app.use(async (c, next) => {
    if (context.isClosing() && c.req.path !== '/health') {
      throw new ApiError(503, 'the server is shutting down', {
        code: 'service_unavailable',
        headers: { connection: 'close' },
      });
    }
    await next();
  });
  if (config.corsOrigins.length > 0) {
    app.use(
      cors({
        origin: [...config.corsOrigins],
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        credentials: false,
      }),
    );
  }
  if (config.apiKeys.length > 0) app.use('/v1/*', requireApiKey(config.apiKeys));
  app.get('/health', healthRoute(context));
  app.get('/metrics', metricsRoute(context));
  app.get('/v1/models', listModelsRoute(context));
  app.get('/v1/models/*', getModelRoute(context));
  app.post('/v1/completions', completionsRoute(context));
  app.post('/v1/chat/completions', chatCompletionsRoute(context));
  app.notFound((c) =>
    errorResponse(
      new ApiError(404, `no route ${c.req.method} ${c.req.path}`, { code: 'not_found' }),
    ),
  );
  app.onError((error) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500)
      config.logger.error('[confu-server] request failed:', apiError.cause ?? apiError);
    return errorResponse(apiError);
  });
  return app;
}

function errorResponse(error: ApiError): Response {
  return Response.json(error.toBody(), { status: error.status, headers: error.headers });
}
