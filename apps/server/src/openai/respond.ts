import { ApiError } from '../errors/api-error.js';
import { RequestAbortedError, toApiError } from '../errors/to-api-error.js';
import type { GenerationEvent } from '../inference/generation-events.js';
import type { ResponseFormat } from './response-format.js';
import { toSpeculativeField, toUsage } from './response-format.js';
import { sseResponse } from './sse-response.js';

/** Options of {@link respond}. */
export interface RespondOptions {
  readonly generation: AsyncGenerator<GenerationEvent, void>;
  readonly format: ResponseFormat;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  /** Cancels the generation (client gone). */
  readonly abort: () => void;
  readonly logError: (error: unknown) => void;
}

/**
 * Turns a generation into an OpenAI response. Nothing is sent until the worker has accepted the
 * prompt, so prompt errors (context overflow, bad template) are still plain 4xx responses; after
 * the headers of a stream, an error becomes an in-stream `{"error": …}` event before `[DONE]`.
 */
export async function respond(options: RespondOptions): Promise<Response> {
  const { generation, format } = options;
  const first = await generation.next();
  if (first.done || first.value.type !== 'prepared')
    throw new ApiError(500, 'the generation ended before it started');
  if (!options.stream) return Response.json(await collect(generation, format));
  return sseResponse(streamEvents(options), { onCancel: options.abort });
}

async function collect(
  generation: AsyncGenerator<GenerationEvent, void>,
  format: ResponseFormat,
): Promise<object> {
  let text = '';
  for await (const event of generation) {
    if (event.type === 'delta') text += event.text;
    if (event.type === 'done') {
      const usage = toUsage(event.promptTokens, event.completionTokens);
      return format.complete(
        text,
        event.finishReason,
        usage,
        toSpeculativeField(event.speculation),
      );
    }
  }
  throw new ApiError(500, 'the generation ended without a result');
}

async function* streamEvents(options: RespondOptions): AsyncGenerator<string, void> {
  const { generation, format } = options;
  try {
    for (const opening of format.opening()) yield JSON.stringify(opening);
    for await (const event of generation) {
      if (event.type === 'delta' && event.text !== '')
        yield JSON.stringify(format.chunk(event.text));
      if (event.type === 'done') {
        yield JSON.stringify(
          format.finalChunk(event.finishReason, toSpeculativeField(event.speculation)),
        );
        if (options.includeUsage)
          yield JSON.stringify(
            format.usageChunk(toUsage(event.promptTokens, event.completionTokens)),
          );
      }
    }
  } catch (error) {
    if (error instanceof RequestAbortedError) return;
    const apiError = toApiError(error);
    if (apiError.status >= 500) options.logError(error);
    yield JSON.stringify(apiError.toBody());
  }
}
