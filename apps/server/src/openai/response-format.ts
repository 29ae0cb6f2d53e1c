import { randomUUID } from 'node:crypto';
import type { SpeculationReport } from '../inference/messages.js';

/** OpenAI `usage`. */
export interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

/** Confu's extension: the request's speculative decoding, tau = `acceptance_length`. */
export interface SpeculativeField {
  readonly method: string;
  readonly acceptance_length: number;
  readonly draft_rounds: number;
  readonly drafted_tokens: number | null;
  readonly accepted_tokens: number;
}

/** Builds the wire objects of one endpoint (completions or chat) for one response. */
export interface ResponseFormat {
  /** Leading chunks of a stream (chat: the assistant role). */
  opening(): object[];
  chunk(text: string): object;
  finalChunk(finishReason: string, speculative: SpeculativeField): object;
  usageChunk(usage: Usage): object;
  complete(text: string, finishReason: string, usage: Usage, speculative: SpeculativeField): object;
}

/** `usage` from token counts. */
export function toUsage(promptTokens: number, completionTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

/** The `speculative` field from the worker's report. */
export function toSpeculativeField(report: SpeculationReport): SpeculativeField {
  return {
    method: report.method,
    acceptance_length: report.acceptanceLength,
    draft_rounds: report.rounds,
    drafted_tokens: report.drafted,
    accepted_tokens: report.accepted,
  };
}

/** `/v1/completions` objects (`text_completion`). */
export function completionFormat(model: string): ResponseFormat {
  const base = {
    id: `cmpl-${randomUUID().replaceAll('-', '')}`,
    object: 'text_completion',
    created: now(),
    model,
  };
  const choice = (text: string, finishReason: string | null) => ({
    index: 0,
    text,
    logprobs: null,
    finish_reason: finishReason,
  });
  return {
    opening: () => [],
    chunk: (text) => ({ ...base, choices: [choice(text, null)] }),
    finalChunk: (finishReason, speculative) => ({
      ...base,
      choices: [choice('', finishReason)],
      speculative,
    }),
    usageChunk: (usage) => ({ ...base, choices: [], usage }),
    complete: (text, finishReason, usage, speculative) => ({
      ...base,
      choices: [choice(text, finishReason)],
      usage,
      speculative,
    }),
  };
}

/** `/v1/chat/completions` objects (`chat.completion` / `chat.completion.chunk`). */
export function chatFormat(model: string): ResponseFormat {
  const id = `chatcmpl-${randomUUID().replaceAll('-', '')}`;
  const chunkBase = { id, object: 'chat.completion.chunk', created: now(), model };
  const delta = (content: object, finishReason: string | null) => ({
    index: 0,
    delta: content,
    logprobs: null,
    finish_reason: finishReason,
  });
  return {
    opening: () => [{ ...chunkBase, choices: [delta({ role: 'assistant', content: '' }, null)] }],
    chunk: (text) => ({ ...chunkBase, choices: [delta({ content: text }, null)] }),
    finalChunk: (finishReason, speculative) => ({
      ...chunkBase,
      choices: [delta({}, finishReason)],
      speculative,
    }),
    usageChunk: (usage) => ({ ...chunkBase, choices: [], usage }),
    complete: (text, finishReason, usage, speculative) => ({
      id,
      object: 'chat.completion',
      created: chunkBase.created,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text },
          logprobs: null,
          finish_reason: finishReason,
        },
      ],
      usage,
      speculative,
    }),
  };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
