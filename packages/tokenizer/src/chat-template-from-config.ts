import { ConfuError } from '@confu/errors';
import { isRecord } from './hf-tokenizer-json.js';

/** Options of {@link chatTemplateFromConfig}. */
export interface ChatTemplateFromConfigOptions {
  /** Which named template of a list to take (e.g. `tool_use`). Default `default`. */
  readonly templateName?: string;
  /** File name used in error messages. Default `tokenizer_config.json`. */
  readonly name?: string;
}

/**
 * The `chat_template` of a `tokenizer_config.json`: a string, or a list of `{name, template}`
 * from which the `default` one (or `options.templateName`) is taken. `undefined` when the config
 * has none.
 * @throws ConfuError `INVALID_CONFIG` for a malformed `chat_template` or a missing named template.
 */
export function chatTemplateFromConfig(
  tokenizerConfig: object,
  options: ChatTemplateFromConfigOptions = {},
): string | undefined {
  const name = options.name ?? 'tokenizer_config.json';
  if (!isRecord(tokenizerConfig)) {
    throw new ConfuError('INVALID_ARGUMENT', `${name} must be a JSON object`);
  }
  const value = tokenizerConfig['chat_template'];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  const wanted = options.templateName ?? 'default';
  if (Array.isArray(value)) {
    const entries = value.filter(
      (entry): entry is { name: string; template: string } =>
        isRecord(entry) &&
        typeof entry['name'] === 'string' &&
        typeof entry['template'] === 'string',
    );
    if (entries.length === value.length) {
      const found = entries.find((entry) => entry.name === wanted);
      if (found) return found.template;
      const names = entries.map((entry) => entry.name).join(', ');
      throw new ConfuError(
        'INVALID_CONFIG',
        `${name} has no chat template "${wanted}" (it has: ${names})`,
      );
    }
  }
  throw new ConfuError(
    'INVALID_CONFIG',
    `${name}: chat_template must be a string or a list of {name, template}`,
  );
}
