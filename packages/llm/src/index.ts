/**
 * @module @confu/llm
 * The library a user holds after `load`: an {@link Llm} over a model and its drafter (prompts or
 * chat messages, stop strings, per-call trees, tau and speed-up), and the rules that pick a draft
 * head. Universal; `@confu/node` and `@confu/browser` supply files and a runtime.
 */
export { createLlm } from './create-llm.js';
export type { CreateLlmOptions } from './create-llm.js';
export type {
  Llm,
  LlmChunk,
  LlmGenerateOptions,
  LlmInput,
  LlmResult,
  LlmStats,
} from './llm-types.js';
export { loadChatPrompt } from './chat-prompt.js';
export type { ChatMessage, ChatPrompt } from './chat-prompt.js';
export { createStopMatcher } from './stop-matcher.js';
export type { StopMatcher } from './stop-matcher.js';
export {
  draftMethods,
  draftSourceOf,
  noHeadError,
  ownHeadFolders,
  toDraftChoice,
} from './draft-choice.js';
export type { DraftChoice, DraftMethod, DraftSource } from './draft-choice.js';
export { openDrafter } from './open-drafter.js';
export type { DraftFiles, DrafterResolver } from './open-drafter.js';
