import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tokenizer } from '@confu/core';
import { chatTemplateFromConfig, renderChatTemplate } from '@confu/tokenizer';
import type { PromptMessage } from './messages.js';

/** Turns chat messages into prompt ids. */
export interface ChatPrompt {
  readonly hasTemplate: boolean;
  encode(messages: readonly PromptMessage[]): number[];
}

/**
 * The model's chat template (`tokenizer_config.json` `chat_template`, or `chat_template.jinja`),
 * rendered with a generation prompt and encoded without extra special tokens (the template
 * writes them). Models without a template (llama2.c checkpoints such as stories260K) get a
 * documented fallback: the message contents joined with newlines, encoded like a plain prompt,
 * so a single user message gives exactly the ids of `/v1/completions` with that text.
 * @throws ConfuError `INVALID_CONFIG` for a malformed `chat_template` entry.
 */
export async function loadChatPrompt(
  modelDirectory: string,
  tokenizer: Tokenizer,
): Promise<ChatPrompt> {
  const config = await readJson(join(modelDirectory, 'tokenizer_config.json'));
  const template =
    (config ? chatTemplateFromConfig(config) : undefined) ??
    (await readFile(join(modelDirectory, 'chat_template.jinja'), 'utf8').catch(() => undefined));
  if (template === undefined) {
    return {
      hasTemplate: false,
      encode: (messages) => tokenizer.encode(messages.map((message) => message.content).join('\n')),
    };
  }
  const bosToken = tokenText(config?.['bos_token']);
  const eosToken = tokenText(config?.['eos_token']);
  return {
    hasTemplate: true,
    encode(messages) {
      const text = renderChatTemplate(template, {
        messages: messages.map((message) => ({ role: message.role, content: message.content })),
        addGenerationPrompt: true,
        ...(bosToken === undefined ? {} : { bosToken }),
        ...(eosToken === undefined ? {} : { eosToken }),
      });
      return tokenizer.encode(text, { addSpecialTokens: false });
    },
  };
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

// `"<s>"` or `{ "content": "<s>", ... }` (AddedToken form).
function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { content?: unknown }).content === 'string'
  ) {
    return (value as { content: string }).content;
  }
  return undefined;
}
