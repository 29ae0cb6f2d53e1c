import { createMemoryFileSource } from '@confu/checkpoint';
import type { Tokenizer } from '@confu/core';
import { describe, expect, it } from 'vitest';
import { loadChatPrompt } from './chat-prompt.js';

// Records what it was asked to encode; ids are char codes.
function recordingTokenizer(calls: Array<{ text: string; special: boolean }>): Tokenizer {
  return {
    encode(text: string, options?: { addSpecialTokens?: boolean }) {
      calls.push({ text, special: options?.addSpecialTokens ?? true });
      return [...text].map((char) => char.charCodeAt(0));
    },
  } as unknown as Tokenizer;
}

describe('loadChatPrompt', () => {
  it('renders the tokenizer_config template with a generation prompt, without extra special tokens', async () => {
    const template =
      '{{ bos_token }}{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}';
    const source = createMemoryFileSource({
      'tokenizer_config.json': new TextEncoder().encode(
        JSON.stringify({ chat_template: template, bos_token: { content: '<s>' } }),
      ),
    });
    const calls: Array<{ text: string; special: boolean }> = [];

    const chat = await loadChatPrompt(source, recordingTokenizer(calls));
    chat.encode([{ role: 'user', content: 'hi' }]);

    expect(chat.hasTemplate).toBe(true);
    expect(calls).toEqual([{ text: '<s><user>hi<assistant>', special: false }]);
  });

  it('falls back to newline-joined contents encoded like a plain prompt when the model has no template', async () => {
    const calls: Array<{ text: string; special: boolean }> = [];

    const chat = await loadChatPrompt(createMemoryFileSource({}), recordingTokenizer(calls));
    chat.encode([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Once upon a time' },
    ]);

    expect(chat.hasTemplate).toBe(false);
    expect(calls).toEqual([{ text: 'Be brief.\nOnce upon a time', special: true }]);
  });
});
