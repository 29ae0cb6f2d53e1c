import { ConfuError } from '@confu/errors';

/**
 * vLLM's rule: prompt + max_tokens must fit; without max_tokens, generate to the end of the
 * context. Returns the tokens to generate.
 * @throws ConfuError `INVALID_ARGUMENT` (empty prompt), `CONTEXT_OVERFLOW` with its `param`.
 */
export function checkContext(
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
