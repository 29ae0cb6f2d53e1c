import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caught } from '@internal/test-utils';
import {
  hasShared,
  readSharedJson,
  readSharedText,
  sharedDir,
  skipNote,
} from './__fixtures__/shared-data.js';
import { chatTemplateFromConfig } from './chat-template-from-config.js';
import { renderChatTemplate } from './chat-template.js';
import { tokenContent } from './hf-special-tokens.js';

/** Role markers each family's template must produce, and what the prompt must end with. */
const markers: Record<string, { user: string; assistant: string; end: string }> = {
  gemma: {
    user: '<start_of_turn>user\n',
    assistant: '<start_of_turn>model\n',
    end: '<start_of_turn>model\n',
  },
  'llama-3-8b-instruct': {
    user: '<|start_header_id|>user<|end_header_id|>\n\n',
    assistant: '<|start_header_id|>assistant<|end_header_id|>\n\n',
    end: '<|start_header_id|>assistant<|end_header_id|>\n\n',
  },
  'mistral-7b-instruct-v0.2': { user: '[INST] ', assistant: '[/INST]', end: '[/INST]' },
  'phi-3-mini-4k-instruct': {
    user: '<|user|>\n',
    assistant: '<|assistant|>\n',
    end: '<|assistant|>\n',
  },
  'qwen2.5-instruct': {
    user: '<|im_start|>user\n',
    assistant: '<|im_start|>assistant\n',
    end: '<|im_start|>assistant\n',
  },
  qwen3: {
    user: '<|im_start|>user\n',
    assistant: '<|im_start|>assistant\n',
    end: '<|im_start|>assistant\n',
  },
  'tinyllama-1.1b-chat-v1.0': {
    user: '<|user|>\n',
    assistant: '<|assistant|>\n',
    end: '<|assistant|>\n',
  },
};

const conversation = [
  { role: 'user', content: 'Hi there!' },
  { role: 'assistant', content: 'Hello, how can I help?' },
  { role: 'user', content: 'Tell me a joke.' },
];

interface Case {
  family: string;
  file: string;
  template: string;
  config: Record<string, unknown>;
}

function cases(): Case[] {
  const found: Case[] = [];
  for (const family of Object.keys(markers)) {
    if (!hasShared('tokenizers', family)) continue;
    const config = hasShared('tokenizers', family, 'tokenizer_config.json')
      ? readSharedJson<Record<string, unknown>>('tokenizers', family, 'tokenizer_config.json')
      : {};
    const fromConfig = chatTemplateFromConfig(config);
    if (fromConfig)
      found.push({ family, file: 'tokenizer_config.json', template: fromConfig, config });
    for (const file of readdirSync(path.join(sharedDir, 'tokenizers', family))) {
      if (file.endsWith('.jinja')) {
        found.push({ family, file, template: readSharedText('tokenizers', family, file), config });
      }
    }
  }
  return found;
}

const available = hasShared('tokenizers');

describe.skipIf(!available)(`real chat templates${skipNote('tokenizers')}`, () => {
  const all = available ? cases() : [];

  it('finds the templates of every family', () => {
    expect(new Set(all.map((c) => c.family))).toEqual(new Set(Object.keys(markers)));
    expect(all.length).toBeGreaterThanOrEqual(12);
  });

  it.each(all.map((c) => [`${c.family}/${c.file}`, c] as const))(
    '%s renders a 3-message conversation',
    (_, c) => {
      const expected = markers[c.family];
      const output = renderChatTemplate(c.template, {
        messages: conversation,
        addGenerationPrompt: true,
        bosToken: tokenContent(c.config['bos_token']) ?? '<s>',
        eosToken: tokenContent(c.config['eos_token']) ?? '</s>',
      });
      for (const message of conversation) expect(output).toContain(message.content);
      expect(output.split(expected?.user ?? '-').length - 1).toBe(2);
      expect(output).toContain(expected?.assistant);
      expect(output.endsWith(expected?.end ?? '-')).toBe(true);
      expect(output.indexOf('Hi there!')).toBeLessThan(output.indexOf('Tell me a joke.'));
    },
  );

  it('surfaces a template raise_exception (Gemma has no system role) as INVALID_ARGUMENT', () => {
    const gemma = all.find((c) => c.family === 'gemma' && c.file === 'tokenizer_config.json');
    const error = caught(() =>
      renderChatTemplate(gemma?.template ?? '', {
        messages: [{ role: 'system', content: 'Be brief.' }, ...conversation],
        bosToken: '<bos>',
      }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/System role not supported/);
  });

  it('renders a system message and tools where the template supports them', () => {
    const qwen = all.find(
      (c) => c.family === 'qwen2.5-instruct' && c.file === 'tokenizer_config.json',
    );
    const output = renderChatTemplate(qwen?.template ?? '', {
      messages: [{ role: 'system', content: 'Be brief.' }, ...conversation],
      addGenerationPrompt: true,
      tools: [
        { type: 'function', function: { name: 'get_time', description: 'Time', parameters: {} } },
      ],
    });
    expect(output.startsWith('<|im_start|>system\nBe brief.')).toBe(true);
    expect(output).toContain('<tools>');
    expect(output).toContain('"get_time"');
  });
});
