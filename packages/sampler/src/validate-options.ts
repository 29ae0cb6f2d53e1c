import { assertArgument } from '@confu/errors';

// Shared by createSampler and the exported processors so messages are identical everywhere.

/** Renders an offending value for an error message (strings quoted so `'1'` differs from `1`). */
function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

export function checkTemperature(value: unknown, allowZero: boolean): asserts value is number {
  const ok = isNumber(value) && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  assertArgument(
    ok,
    `\`temperature\` must be a finite number ${allowZero ? '≥' : '>'} 0, got ${show(value)}`,
  );
}

export function checkTopK(value: unknown): asserts value is number {
  assertArgument(
    Number.isInteger(value) && (value as number) >= 0,
    `\`topK\` must be an integer ≥ 0, got ${show(value)}`,
  );
}

export function checkTopP(value: unknown): asserts value is number {
  assertArgument(
    isNumber(value) && value > 0 && value <= 1,
    `\`topP\` must be in (0, 1], got ${show(value)}`,
  );
}

export function checkMinP(value: unknown): asserts value is number {
  assertArgument(
    isNumber(value) && value >= 0 && value <= 1,
    `\`minP\` must be in [0, 1], got ${show(value)}`,
  );
}

export function checkRepetitionPenalty(value: unknown): asserts value is number {
  assertArgument(
    isNumber(value) && Number.isFinite(value) && value > 0,
    `\`repetitionPenalty\` must be a finite number > 0, got ${show(value)}`,
  );
}

export function checkSeed(value: unknown): asserts value is number {
  assertArgument(
    Number.isSafeInteger(value),
    `\`seed\` must be a safe integer, got ${show(value)}`,
  );
}

/** Token ids must index into the vocabulary the logits cover. */
export function checkHistory(history: readonly number[], vocabSize: number): void {
  assertArgument(Array.isArray(history), `\`history\` must be an array of token ids`);
  for (let index = 0; index < history.length; index++) {
    const id = history[index];
    assertArgument(
      Number.isInteger(id) && (id as number) >= 0 && (id as number) < vocabSize,
      `\`history\` must contain token ids in [0, ${vocabSize}), got ${show(id)} at index ${index}`,
    );
  }
}
