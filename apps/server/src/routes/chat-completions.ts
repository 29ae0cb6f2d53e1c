import type { Context } from 'hono';
import { readJsonBody } from '../http/read-json-body.js';
import { respond } from '../openai/respond.js';
import { chatFormat } from '../openai/response-format.js';
import type { ChatCompletionRequest } from '../schemas/chat-completion-request.js';
import { chatCompletionRequestSchema } from '../schemas/chat-completion-request.js';
import { parseRequest } from '../schemas/parse-request.js';
import type { AppContext } from './app-context.js';
import { assertPromptFits, assertSpeculationLimits } from './request-limits.js';
import { assertServedModel, assertStreamOptions, toGenerateRequest } from './generation-request.js';

/** `POST /v1/chat/completions`: messages rendered with the model's chat template. */
export function chatCompletionsRoute(context: AppContext): (c: Context) => Promise<Response> {
  return async (c) => {
    const { request: body, unknownFields } = parseRequest(
      chatCompletionRequestSchema,
      await readJsonBody(c, context.config.bodyLimitBytes),
    );
    if (unknownFields.length > 0)
      context.config.logger.info(`[confu-server] ignored fields: ${unknownFields.join(', ')}`);
    assertServedModel(context, body.model);
    assertStreamOptions(body);
    const messages = body.messages.map((message) => ({
      role: message.role,
      content: contentText(message.content),
    }));
    const request = toGenerateRequest(
      body,
      { kind: 'chat', messages },
      body.max_completion_tokens ?? body.max_tokens,
    );
    assertSpeculationLimits(context, request.speculation);
    assertPromptFits(context, request);
    const controller = new AbortController();
    const signal = AbortSignal.any([c.req.raw.signal, controller.signal]);
    return respond({
      generation: context.pool.generate(request, signal),
      format: chatFormat(context.modelId),
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      abort: () => controller.abort(),
      logError: (error) => context.config.logger.error('[confu-server] stream failed:', error),
    });
  };
}

// Text parts are joined with newlines, as vLLM does.
function contentText(content: ChatCompletionRequest['messages'][number]['content']): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('\n');
}
