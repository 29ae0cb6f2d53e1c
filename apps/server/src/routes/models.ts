import type { Context } from 'hono';
import { ApiError } from '../errors/api-error.js';
import type { AppContext } from './app-context.js';

const created = Math.floor(Date.now() / 1000);

function modelCard(context: AppContext): object {
  return {
    id: context.modelId,
    object: 'model',
    created,
    owned_by: 'confu',
    max_model_len: context.pool.info.contextLength,
    speculative: {
      method: context.config.draft.kind,
      tree_depth: context.config.draft.tree.depth,
      tree_topk: context.config.draft.tree.topK,
      tree_tokens: context.config.draft.tree.totalTokens,
    },
  };
}

/** `GET /v1/models`: the one served model. */
export function listModelsRoute(context: AppContext): (c: Context) => Response {
  return (c) => c.json({ object: 'list', data: [modelCard(context)] });
}

/** `GET /v1/models/:id` (ids may contain `/`, so the rest of the path is the id). */
export function getModelRoute(context: AppContext): (c: Context) => Response {
  return (c) => {
    const id = decodeURIComponent(c.req.path.slice('/v1/models/'.length));
    if (id !== context.modelId) {
      throw new ApiError(404, `The model \`${id}\` does not exist`, {
        param: 'model',
        code: 'model_not_found',
      });
    }
    return c.json(modelCard(context));
  };
}
