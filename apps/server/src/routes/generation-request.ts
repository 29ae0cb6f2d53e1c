import { ApiError } from '../errors/api-error.js';
import type { GenerateRequest } from '../inference/messages.js';
import type { CompletionRequest } from '../schemas/completion-request.js';
import type { AppContext } from './app-context.js';

type SamplingRequest = Omit<
  CompletionRequest,
  'prompt' | 'logprobs' | 'echo' | 'suffix' | 'best_of'
>;

/** 404 unless `model` is the served one. */
export function assertServedModel(context: AppContext, model: string): void {
  if (model !== context.modelId) {
    throw new ApiError(
      404,
      `The model \`${model}\` does not exist; this server serves \`${context.modelId}\``,
      {
        param: 'model',
        code: 'model_not_found',
      },
    );
  }
}

/** The worker request from validated wire fields (`top_k` ≤ 0 means off, as in vLLM). */
export function toGenerateRequest(
  body: SamplingRequest,
  prompt: GenerateRequest['prompt'],
  maxTokens: number | null | undefined,
): GenerateRequest {
  const { speculative } = body;
  return {
    prompt,
    temperature: body.temperature ?? 1,
    stop:
      body.stop === undefined || body.stop === null
        ? []
        : typeof body.stop === 'string'
          ? [body.stop]
          : body.stop,
    ...(maxTokens === undefined || maxTokens === null ? {} : { maxTokens }),
    ...(body.top_p === undefined || body.top_p === null || body.top_p === 1
      ? {}
      : { topP: body.top_p }),
    ...(body.top_k === undefined || body.top_k === null || body.top_k <= 0
      ? {}
      : { topK: body.top_k }),
    ...(body.min_p === undefined || body.min_p === null || body.min_p === 0
      ? {}
      : { minP: body.min_p }),
    ...(body.repetition_penalty === undefined || body.repetition_penalty === null
      ? {}
      : { repetitionPenalty: body.repetition_penalty }),
    ...(body.seed === undefined || body.seed === null ? {} : { seed: body.seed }),
    ...(speculative
      ? {
          speculation: {
            ...(speculative.method === undefined ? {} : { method: speculative.method }),
            ...(speculative.tree_depth === undefined ? {} : { treeDepth: speculative.tree_depth }),
            ...(speculative.tree_topk === undefined ? {} : { treeTopK: speculative.tree_topk }),
            ...(speculative.tree_tokens === undefined
              ? {}
              : { treeTokens: speculative.tree_tokens }),
          },
        }
      : {}),
  };
}

/** 400 unless `stream_options` comes with `stream: true` (vLLM). */
export function assertStreamOptions(body: SamplingRequest): void {
  if (body.stream_options && body.stream !== true) {
    throw new ApiError(400, '`stream_options` is only allowed with `stream: true`', {
      param: 'stream_options',
    });
  }
}

/** 400 for a token id outside the vocabulary. */
export function assertTokenIds(context: AppContext, tokens: readonly number[]): void {
  const { vocabSize } = context.pool.info;
  const index = tokens.findIndex((token) => token >= vocabSize);
  if (index !== -1) {
    throw new ApiError(
      400,
      `token id ${tokens[index]} at prompt position ${index} is out of vocabulary (size ${vocabSize})`,
      {
        param: 'prompt',
      },
    );
  }
}
