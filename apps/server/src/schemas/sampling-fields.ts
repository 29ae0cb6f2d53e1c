import { z } from 'zod';

const stopString = z.string().min(1).max(256);
const absent = z.null({ error: 'is not supported' }).optional();

/** Confu's extension: per-request speculation, overriding the server's (`--draft`, `--tree-*`). */
export const speculationSchema = z.strictObject({
  method: z.enum(['none', 'ngram', 'lm', 'eagle3', 'confu']).optional(),
  tree_depth: z.int().min(1).max(64).optional(),
  tree_topk: z.int().min(1).max(64).optional(),
  tree_tokens: z.int().min(2).max(1024).optional(),
});

/**
 * Fields shared by `/v1/completions` and `/v1/chat/completions`. Types are strict (no coercion:
 * `"10"` or `true` for a number is a 400) and numbers must be finite; fields we do not implement
 * are accepted only at their neutral value. Unknown fields are stripped (and logged).
 */
export const samplingFields = {
  model: z.string().min(1).max(512),
  max_tokens: z.int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  top_k: z.int().min(-1).nullish(),
  min_p: z.number().min(0).max(1).nullish(),
  // Logits are divided by it: 1e-300 turns them into infinities.
  repetition_penalty: z.number().min(0.01).max(2).nullish(),
  seed: z.int().min(0).nullish(),
  stop: z
    .union([stopString, z.array(stopString).max(4)], {
      error: '`stop` must be a non-empty string or up to 4 of them (each at most 256 characters)',
    })
    .nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.strictObject({ include_usage: z.boolean().nullish() }).nullish(),
  n: z.int().min(1).max(1, 'only n = 1 is supported').nullish(),
  presence_penalty: z
    .number()
    .min(-2)
    .max(2)
    .refine((value) => value === 0, 'only 0 is supported')
    .nullish(),
  frequency_penalty: z
    .number()
    .min(-2)
    .max(2)
    .refine((value) => value === 0, 'only 0 is supported')
    .nullish(),
  logit_bias: z
    .record(z.string(), z.number())
    .refine((value) => Object.keys(value).length === 0, 'is not supported')
    .nullish(),
  user: z.string().max(256).nullish(),
  speculative: speculationSchema.nullish(),
  // Request-supplied templates are refused (vLLM's `trust_request_chat_template` defaults to off).
  chat_template: absent,
  chat_template_kwargs: absent,
  tools: absent,
  tool_choice: absent,
  functions: absent,
};
