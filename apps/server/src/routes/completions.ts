import type { Context } from 'hono';
import { readJsonBody } from '../http/read-json-body.js';
import type { GenerateRequest } from '../inference/messages.js';
import { respond } from '../openai/respond.js';
import { completionFormat } from '../openai/response-format.js';
import type { CompletionRequest } from '../schemas/completion-request.js';
import { completionRequestSchema } from '../schemas/completion-request.js';
import { parseRequest } from '../schemas/parse-request.js';
import type { AppContext } from './app-context.js';
import {
  assertPromptFits,
  assertSpeculationLimits,
  assertTokenPromptLength,
} from './request-limits.js';
import {
  assertServedModel,
  assertStreamOptions,
  assertTokenIds,
  toGenerateRequest,
} from './generation-request.js';

/** `POST /v1/completions`: one text or token-id prompt, plain or streamed. */
export function completionsRoute(context: AppContext): (c: Context) => Promise<Response> {
  return async (c) => {
    const json = await readJsonBody(c, context.config.bodyLimitBytes);
    assertTokenPromptLength(context, json);
    const { request: body, unknownFields } = parseRequest(completionRequestSchema, json);
    if (unknownFields.length > 0)
      context.config.logger.info(`[confu-server] ignored fields: ${unknownFields.join(', ')}`);
    assertServedModel(context, body.model);
    assertStreamOptions(body);
    const prompt = toPrompt(body.prompt);
    if (prompt.kind === 'tokens') assertTokenIds(context, prompt.tokens);
    const request = toGenerateRequest(body, prompt, body.max_tokens);
    assertSpeculationLimits(context, request.speculation);
    assertPromptFits(context, request);
    const controller = new AbortController();
    const signal = AbortSignal.any([c.req.raw.signal, controller.signal]);
    return respond({
      generation: context.pool.generate(request, signal),
      format: completionFormat(context.modelId),
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      abort: () => controller.abort(),
      logError: (error) => context.config.logger.error('[confu-server] stream failed:', error),
    });
  };
}

function toPrompt(prompt: CompletionRequest['prompt']): GenerateRequest['prompt'] {
  if (typeof prompt === 'string') return { kind: 'text', text: prompt };
  const [first] = prompt;
  if (typeof first === 'string') return { kind: 'text', text: first };
  if (Array.isArray(first)) return { kind: 'tokens', tokens: first };
  return { kind: 'tokens', tokens: prompt as number[] };
}
