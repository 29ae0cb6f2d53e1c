import { ConfuError } from '@confu/errors';
import { defaultTreeOptions } from '@confu/node';
import type { DraftKind, FinishReason, Llm, LlmStats, TreeOptions } from '@confu/node';
import type { FromWorker, GenerateRequest, SpeculationOverride } from './messages.js';
import { checkContext, withParam } from './check-context.js';
import { speculationReport } from './speculation-report.js';

/**
 * Runs one request inside the worker: builds the prompt ids, checks the context, then streams
 * `prepared`, `delta`s and `done` through `post`. Throws for the caller to report (an aborted
 * `signal` rejects with its reason). Speculation overrides change the method (none, ngram or the
 * server's) and the tree per call: heads are never reloaded.
 */
export async function runWorkerGeneration(
  llm: Llm,
  options: {
    id: number;
    request: GenerateRequest;
    /** The server's tree. */
    tree: TreeOptions | 'auto';
    signal: AbortSignal;
    post: (message: FromWorker) => void;
  },
): Promise<void> {
  const { id, request, signal, post } = options;
  const promptTokens = promptIds(llm, request);
  const maxTokens = checkContext(
    promptTokens.length,
    request.maxTokens,
    llm.model.lm.info.contextLength,
  );
  const method = request.speculation?.method ?? llm.method;
  if (method !== 'none' && method !== 'ngram' && method !== llm.method) {
    throw withParam(
      'speculative',
      new ConfuError(
        'INVALID_ARGUMENT',
        `speculative method \`${method}\` is not loaded on this server; use none, ngram or ${llm.method}`,
      ),
    );
  }
  post({ type: 'prepared', id, promptTokens: promptTokens.length });
  const chunkSizes: number[] = [];
  let finishReason: FinishReason = 'length';
  let stats: LlmStats | undefined;
  for await (const chunk of llm.chunks(promptTokens, {
    maxTokens,
    temperature: request.temperature,
    signal,
    stop: request.stop,
    method,
    tree: treeOf(options.tree, request.speculation),
    ...optional(request),
  })) {
    chunkSizes.push(chunk.tokens.length);
    if (chunk.text !== '' || chunk.tokens.length > 0)
      post({ type: 'delta', id, text: chunk.text, tokens: chunk.tokens.length });
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
    speculation: speculationReport(method as DraftKind, stats, chunkSizes),
  });
}

/** A request's tree fields override the server's shape; none keep the server's tree. */
function treeOf(
  base: TreeOptions | 'auto',
  override: SpeculationOverride | undefined,
): TreeOptions | 'auto' {
  const { treeDepth, treeTopK, treeTokens } = override ?? {};
  if (treeDepth === undefined && treeTopK === undefined && treeTokens === undefined) return base;
  const fixed = base === 'auto' ? defaultTreeOptions : base;
  return {
    depth: treeDepth ?? fixed.depth,
    topK: treeTopK ?? fixed.topK,
    totalTokens: treeTokens ?? fixed.totalTokens,
  };
}

function promptIds(llm: Llm, request: GenerateRequest): number[] {
  const { prompt } = request;
  switch (prompt.kind) {
    case 'text':
      return llm.encode(prompt.text);
    case 'tokens':
      return [...prompt.tokens];
    case 'chat':
      return llm.encode(prompt.messages);
  }
}

function optional(request: GenerateRequest): Record<string, number> {
  const picked: Record<string, number> = {};
  for (const key of ['topP', 'topK', 'minP', 'repetitionPenalty', 'seed'] as const) {
    const value = request[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}
