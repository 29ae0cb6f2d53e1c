import { ConfuError } from '@confu/errors';
import type { FinishReason, GenerationStats, TextModel } from '@confu/node';
import type { ChatPrompt } from './chat-prompt.js';
import type { DrafterCache } from './drafter-cache.js';
import type { FromWorker, GenerateRequest } from './messages.js';
import { speculationReport } from './speculation-report.js';
import { createStopMatcher } from './stop-matcher.js';

/** What a worker holds after loading. */
export interface LoadedModel {
  readonly model: TextModel;
  readonly drafters: DrafterCache;
  readonly chat: ChatPrompt;
}

/**
 * Runs one request inside the worker: builds the prompt ids, checks the context, then streams
 * `prepared`, `delta`s and `done` through `post`. Throws for the caller to report (an aborted
 * `signal` rejects with its reason).
 */
export async function runWorkerGeneration(
  loaded: LoadedModel,
  options: {
    id: number;
    request: GenerateRequest;
    signal: AbortSignal;
    post: (message: FromWorker) => void;
  },
): Promise<void> {
  const { id, request, signal, post } = options;
  const { model, drafters } = loaded;
  const promptTokens = promptIds(loaded, request);
  const maxTokens = checkContext(
    promptTokens.length,
    request.maxTokens,
    model.lm.info.contextLength,
  );
  const { kind, drafter } = await drafters.get(request.speculation).catch((error: unknown) => {
    throw withParam('speculative', error instanceof Error ? error : new Error(String(error)));
  });
  post({ type: 'prepared', id, promptTokens: promptTokens.length });
  const stop = createStopMatcher(request.stop);
  const chunkSizes: number[] = [];
  let finishReason: FinishReason = 'length';
  let stats: GenerationStats | undefined;
  for await (const chunk of model.generate({
    prompt: promptTokens,
    maxTokens,
    temperature: request.temperature,
    signal,
    ...(drafter ? { drafter } : {}),
    ...optional(request),
  })) {
    chunkSizes.push(chunk.tokens.length);
    const { emit, stopped } = stop.push(chunk.text);
    const text = chunk.finishReason && !stopped ? emit + stop.flush() : emit;
    if (text !== '' || chunk.tokens.length > 0)
      post({ type: 'delta', id, text, tokens: chunk.tokens.length });
    if (stopped) {
      finishReason = 'stop';
      break; // ends the engine's generator, which releases its caches
    }
    if (chunk.finishReason) {
      finishReason = chunk.finishReason;
      stats = chunk.stats;
    }
  }
  post({
    type: 'done',
    id,
    finishReason,
    promptTokens: promptTokens.length,
    completionTokens: chunkSizes.reduce((sum, size) => sum + size, 0),
    ...(stats ? { stats } : {}),
    speculation: speculationReport(kind, stats, chunkSizes),
  });
}

function promptIds(loaded: LoadedModel, request: GenerateRequest): number[] {
  const { prompt } = request;
  switch (prompt.kind) {
    case 'text':
      return loaded.model.encode(prompt.text);
    case 'tokens':
      return [...prompt.tokens];
    case 'chat':
      return loaded.chat.encode(prompt.messages);
  }
}

// vLLM's rule: prompt + max_tokens must fit; without max_tokens, generate to the end of the context.
function checkContext(
  promptLength: number,
  maxTokens: number | undefined,
  context: number,
): number {
  if (promptLength === 0) throw new ConfuError('INVALID_ARGUMENT', 'the prompt is empty');
  if (promptLength >= context) {
    throw withParam(
      'prompt',
      new ConfuError(
        'CONTEXT_OVERFLOW',
        `This model's maximum context length is ${context} tokens and your prompt has ${promptLength} tokens (at least 1 must be left to generate)`,
      ),
    );
  }
  if (maxTokens !== undefined && promptLength + maxTokens > context) {
    throw withParam(
      'max_tokens',
      new ConfuError(
        'CONTEXT_OVERFLOW',
        `'max_tokens' is too large: ${maxTokens}. This model's maximum context length is ${context} tokens and your request has ${promptLength} input tokens (${maxTokens} > ${context} - ${promptLength})`,
      ),
    );
  }
  return maxTokens ?? context - promptLength;
}

/** Attaches the request field an error is about; `toWorkerError` sends it as `param`. */
export function withParam<TError extends Error>(param: string, error: TError): TError {
  Object.defineProperty(error, 'param', { value: param });
  return error;
}

function optional(request: GenerateRequest): Record<string, number> {
  const picked: Record<string, number> = {};
  for (const key of ['topP', 'topK', 'minP', 'repetitionPenalty', 'seed'] as const) {
    const value = request[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}
