import type { FuzzTarget } from './fuzz-target.js';
import { chatTemplateTarget } from './targets/chat-template.js';
import { configsTarget } from './targets/configs.js';
import { hfTokenizerTarget } from './targets/hf-tokenizer.js';
import { llama2cCheckpointTarget } from './targets/llama2c-checkpoint.js';
import { llama2cTokenizerTarget } from './targets/llama2c-tokenizer.js';
import { recordFileTarget } from './targets/record-file.js';
import { safetensorsTarget } from './targets/safetensors.js';

/** Every fuzz target, one per parser. */
export const fuzzTargets: readonly FuzzTarget[] = [
  safetensorsTarget,
  llama2cCheckpointTarget,
  hfTokenizerTarget,
  llama2cTokenizerTarget,
  recordFileTarget,
  configsTarget,
  chatTemplateTarget,
];
