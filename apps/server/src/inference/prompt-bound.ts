import { ConfuError } from '@confu/errors';

/**
 * Refuses a text prompt that cannot fit the context, without tokenizing it: `bytes` of UTF-8
 * make at least `bytes / maxTokenBytes` tokens. Only prompts over twice that bound are refused
 * here, a margin for normalizers that shorten text before tokenization; the exact check follows
 * tokenization for the rest.
 * @throws ConfuError `CONTEXT_OVERFLOW` quoting the context and the lower bound.
 */
export function checkPromptBytes(bytes: number, maxTokenBytes: number, context: number): void {
  const atLeast = Math.ceil(bytes / maxTokenBytes);
  if (atLeast >= 2 * context) {
    throw new ConfuError(
      'CONTEXT_OVERFLOW',
      `This model's maximum context length is ${context} tokens and your prompt has at least ${atLeast} tokens (${bytes} bytes, at most ${maxTokenBytes} bytes per token)`,
    );
  }
}

/** UTF-8 length of `text` without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
