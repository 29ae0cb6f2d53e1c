import type { TextModel } from '@confu/core';

/**
 * What data generation needs of a frozen target: a `TextModel` (what `loadModel` of `@confu/node`
 * returns) whose `lm` can return hidden-state taps; it is not disposed here.
 */
export type TargetTextModel = Pick<TextModel, 'lm' | 'tokenizer' | 'encode' | 'generate'>;
