import { z } from 'zod';
import { samplingFields } from './sampling-fields.js';

const textPart = z.object({
  type: z.literal('text', { error: 'only text content parts are supported' }),
  text: z.string(),
});

const message = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(textPart).min(1)], {
    error: '`content` must be a string or an array of text parts',
  }),
  name: z.string().max(256).optional(),
});

/** `POST /v1/chat/completions` body. */
export const chatCompletionRequestSchema = z.object({
  ...samplingFields,
  messages: z.array(message).min(1, '`messages` must not be empty').max(1024),
  max_completion_tokens: z.int().min(1).nullish(),
  logprobs: z.literal(false, { error: 'logprobs are not supported' }).nullish(),
  top_logprobs: z.int().min(0).max(20).nullish(),
  response_format: z
    .object({ type: z.literal('text', { error: 'only the text response format is supported' }) })
    .nullish(),
});

/** A validated chat completion request. */
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
