import type { FileSource, Tokenizer } from '@confu/core';
import { ConfuError } from '@confu/errors';
import { chatTemplateFromConfig, renderChatTemplate } from '@confu/tokenizer';

/** One chat turn. */
export interface ChatMessage {
  readonly role: string;
  readonly content: string;
}

/** Turns chat messages into prompt ids. */
export interface ChatPrompt {
  readonly hasTemplate: boolean;
  encode(messages: readonly ChatMessage[]): number[];
}

/**
 * The model's chat template (`tokenizer_config.json` `chat_template`, or `chat_template.jinja`),
 * rendered with a generation prompt and encoded without extra special tokens (the template writes
 * them). Models without a template (llama2.c checkpoints such as stories260K) get a documented
 * fallback: the message contents joined with newlines, encoded like a plain prompt, so a single
 * user message gives exactly the ids of that text as a prompt.
 * @throws ConfuError `INVALID_CONFIG` for a malformed `tokenizer_config.json` or `chat_template`.
 */
export async function loadChatPrompt(
  source: FileSource,
  tokenizer: Tokenizer,
): Promise<ChatPrompt> {
  const files = await source.list();
  const config = files.includes('tokenizer_config.json')
    ? await readJson(source, 'tokenizer_config.json')
    : undefined;
  const template =
    (config ? chatTemplateFromConfig(config) : undefined) ??
    (files.includes('chat_template.jinja')
      ? new TextDecoder().decode(await source.read('chat_template.jinja'))
      : undefined);
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

async function readJson(source: FileSource, name: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(await source.read(name)));
  } catch (error) {
    throw new ConfuError('INVALID_CONFIG', `${source.describe(name)} is not valid JSON`, {
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfuError('INVALID_CONFIG', `${source.describe(name)} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

// `"<s>"` or `{ "content": "<s>", ... }` (AddedToken form).
function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const content = (value as { content?: unknown }).content;
    if (typeof content === 'string') return content;
  }
  return undefined;
}
