import { z } from 'zod';
import { samplingFields } from './sampling-fields.js';

const tokenIds = z.array(z.int().min(0)).min(1);

/** `POST /v1/completions` body (one prompt per request). */
export const completionRequestSchema = z.object({
  ...samplingFields,
  prompt: z.union(
    [
      z.string().min(1),
      z.array(z.string().min(1)).length(1),
      tokenIds,
      z.array(tokenIds).length(1),
    ],
    {
      error: '`prompt` must be a non-empty string or token-id array (one prompt per request)',
    },
  ),
  logprobs: z.int().min(0).max(0, 'logprobs are not supported').nullish(),
  echo: z.literal(false, { error: 'echo is not supported' }).nullish(),
  suffix: z.null({ error: 'suffix is not supported' }).optional(),
  best_of: z.int().min(1).max(1, 'only best_of = 1 is supported').nullish(),
});

/** A validated completion request. */
export type CompletionRequest = z.infer<typeof completionRequestSchema>;
