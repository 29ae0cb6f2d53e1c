import { ConfuError } from '@confu/errors';
import { toApiError } from '../errors/to-api-error.js';
import { checkContext } from '../inference/check-context.js';
import type { GenerateRequest, SpeculationOverride } from '../inference/messages.js';
import { checkPromptBytes, utf8Length } from '../inference/prompt-bound.js';
import type { AppContext } from './app-context.js';

/**
 * Refuses, before anything is sent to a worker, a prompt that cannot fit the context: token-id
 * prompts exactly (with `max_tokens`), text and chat prompts by their UTF-8 size when it alone
 * proves they are too long (see `checkPromptBytes`), so an oversized prompt never occupies a slot.
 * @throws ApiError 400 `context_length_exceeded` naming the field.
 */
export function assertPromptFits(context: AppContext, request: GenerateRequest): void {
  const { contextLength, maxTokenBytes } = context.pool.info;
  const { prompt } = request;
  try {
    if (prompt.kind === 'tokens') {
      checkContext(prompt.tokens.length, request.maxTokens, contextLength);
      return;
    }
    const bytes =
      prompt.kind === 'text'
        ? utf8Length(prompt.text)
        : prompt.messages.reduce((sum, message) => sum + utf8Length(message.content), 0);
    checkPromptBytes(bytes, maxTokenBytes, contextLength);
  } catch (error) {
    const param = (error as { param?: string }).param;
    throw toApiError(error, param ?? (prompt.kind === 'chat' ? 'messages' : 'prompt'));
  }
}

/**
 * Bounds a request's `speculative` tree by the server's limits and the model's context (a tree
 * of 1024 tokens and depth 64 once held a slot for 91 s).
 * @throws ApiError 400 naming `speculative.<field>` and both bounds.
 */
export function assertSpeculationLimits(
  context: AppContext,
  speculation: SpeculationOverride | undefined,
): void {
  if (!speculation) return;
  const limits = context.config.speculationLimits;
  const contextLength = context.pool.info.contextLength;
  const fields = [
    ['tree_tokens', speculation.treeTokens, limits.treeTokens],
    ['tree_depth', speculation.treeDepth, limits.treeDepth],
    ['tree_topk', speculation.treeTopK, limits.treeTopK],
  ] as const;
  for (const [field, value, limit] of fields) {
    const bound = field === 'tree_topk' ? limit : Math.min(limit, contextLength - 1);
    if (value !== undefined && value > bound) {
      throw toApiError(
        new ConfuError(
          'INVALID_ARGUMENT',
          `\`speculative.${field}\` must be at most ${bound} (the server allows ${limit}, the model's context is ${contextLength} tokens), got ${value}`,
        ),
        `speculative.${field}`,
      );
    }
  }
}

/**
 * Refuses a token-id prompt longer than the context before it is validated id by id: a 1 MiB body
 * holds 250,000 ids, whose validation alone would hold the event loop for tens of milliseconds.
 * @throws ApiError 400 `context_length_exceeded`.
 */
export function assertTokenPromptLength(context: AppContext, body: unknown): void {
  const prompt = (body as { prompt?: unknown } | null)?.prompt;
  const ids = Array.isArray(prompt) && Array.isArray(prompt[0]) ? (prompt[0] as unknown[]) : prompt;
  if (!Array.isArray(ids) || typeof ids[0] !== 'number') return;
  const { contextLength } = context.pool.info;
  if (ids.length >= contextLength) {
    throw toApiError(
      new ConfuError(
        'CONTEXT_OVERFLOW',
        `This model's maximum context length is ${contextLength} tokens and your prompt has ${ids.length} tokens (at least 1 must be left to generate)`,
      ),
      'prompt',
    );
  }
}
