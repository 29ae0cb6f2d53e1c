import { ConfuError, assertArgument } from '@confu/errors';

/**
 * Checks a request once, at the entry of every generation loop.
 * @throws ConfuError `INVALID_ARGUMENT` (maxTokens ≤ 0 or not an integer, empty prompt),
 * `CONTEXT_OVERFLOW` (the prompt leaves no room for a new token).
 */
export function assertGenerationArguments(
  promptTokens: readonly number[],
  maxTokens: number,
  contextLength: number,
): void {
  assertArgument(
    Number.isInteger(maxTokens) && maxTokens >= 1,
    `\`maxTokens\` must be an integer ≥ 1, got ${maxTokens}`,
  );
  assertArgument(promptTokens.length > 0, '`promptTokens` must not be empty');
  if (promptTokens.length >= contextLength) {
    throw new ConfuError(
      'CONTEXT_OVERFLOW',
      `the prompt has ${promptTokens.length} tokens but the context holds ${contextLength} (prompt + at least 1 new token)`,
    );
  }
}
