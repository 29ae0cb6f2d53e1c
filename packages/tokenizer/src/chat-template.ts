import { ConfuError } from '@confu/errors';
import { Environment, Template } from '@huggingface/jinja';
import { BudgetedInterpreter } from './budgeted-interpreter.js';
import { renderGlobals, TemplateRaise } from './chat-template-globals.js';

/** One chat message as chat templates read it (`message.role`, `message.content`, ...). */
export interface ChatMessage {
  readonly role: string;
  /** Text, or a list of content parts for templates that support them. */
  readonly content?: string | null | readonly unknown[];
  /** Further fields some templates read (`tool_calls`, `name`, ...). */
  readonly [key: string]: unknown;
}

/** The variables of a render; extra keys (`tools`, `enable_thinking`, ...) pass through as is. */
export interface ChatTemplateContext {
  readonly messages: readonly ChatMessage[];
  /** `add_generation_prompt`: end with the assistant turn header. Default `false`. */
  readonly addGenerationPrompt?: boolean;
  /** `bos_token`, e.g. `<s>`. */
  readonly bosToken?: string;
  /** `eos_token`, e.g. `</s>`. */
  readonly eosToken?: string;
  readonly [key: string]: unknown;
}

/** Limits of one render. Templates come from model files, so they are treated as untrusted. */
export interface ChatTemplateBudget {
  /** Wall-clock limit, checked at every evaluation step. Default 100. */
  readonly timeoutMs?: number;
  /** Longest output, and longest string built on the way. Default 1,000,000. */
  readonly maxOutputChars?: number;
  /** Total loop iterations, counted before each loop runs. Default 100,000. */
  readonly maxLoopIterations?: number;
  /** Millisecond clock; injectable for tests. Default `performance.now`. */
  readonly now?: () => number;
}

const defaultBudget = { timeoutMs: 100, maxOutputChars: 1_000_000, maxLoopIterations: 100_000 };
const contextKeys = new Set(['messages', 'addGenerationPrompt', 'bosToken', 'eosToken']);

/**
 * Renders a Hugging Face chat template (Jinja) with `@huggingface/jinja` under a budget.
 * @throws ConfuError `INVALID_CONFIG` for a template that does not parse or fails while
 * rendering, `INVALID_ARGUMENT` with the template's message when it calls `raise_exception`
 * (or for a malformed context), `BUDGET_EXCEEDED` when a limit is hit.
 */
export function renderChatTemplate(
  template: string,
  context: ChatTemplateContext,
  budget: ChatTemplateBudget = {},
): string {
  const limits = { ...defaultBudget, now: () => performance.now(), ...definedOnly(budget) };
  for (const key of ['timeoutMs', 'maxOutputChars', 'maxLoopIterations'] as const) {
    if (!(limits[key] > 0)) {
      throw new ConfuError('INVALID_ARGUMENT', `budget.${key} must be a positive number`);
    }
  }
  const program = parseTemplate(template);
  const environment = new Environment();
  const interpreter = new BudgetedInterpreter(environment, limits);
  const variables = templateVariables(context);
  const globals = renderGlobals(limits.maxLoopIterations);
  try {
    for (const [key, value] of Object.entries({ ...globals, ...variables })) {
      environment.set(key, value);
    }
  } catch (error) {
    // BigInts, symbols or cycles in the context cannot become template values.
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `context cannot be passed to the template: ${message}`,
      {
        cause: error,
      },
    );
  }
  let output: string;
  try {
    output = String(interpreter.run(program).value);
  } catch (error) {
    throw renderError(error);
  }
  if (output.length > limits.maxOutputChars) {
    throw new ConfuError(
      'BUDGET_EXCEEDED',
      `chat template output exceeds ${limits.maxOutputChars} characters`,
    );
  }
  return output;
}

function parseTemplate(template: string): Template['parsed'] {
  if (typeof template !== 'string') {
    throw new ConfuError('INVALID_ARGUMENT', 'template must be a string');
  }
  try {
    return new Template(template).parsed;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfuError('INVALID_CONFIG', `chat template does not parse: ${message}`, {
      cause: error,
    });
  }
}

function templateVariables(context: ChatTemplateContext): Record<string, unknown> {
  const messages: unknown = context?.messages;
  if (!Array.isArray(messages)) {
    throw new ConfuError('INVALID_ARGUMENT', 'context.messages must be an array');
  }
  messages.forEach((message: unknown, index) => {
    if (
      typeof message !== 'object' ||
      message === null ||
      typeof (message as ChatMessage).role !== 'string'
    ) {
      throw new ConfuError('INVALID_ARGUMENT', `context.messages[${index}] needs a string role`);
    }
  });
  const variables: Record<string, unknown> = {
    messages,
    add_generation_prompt: context.addGenerationPrompt ?? false,
  };
  if (context.bosToken !== undefined) variables['bos_token'] = context.bosToken;
  if (context.eosToken !== undefined) variables['eos_token'] = context.eosToken;
  for (const [key, value] of Object.entries(context)) {
    if (key === 'range' || key === 'raise_exception') {
      throw new ConfuError('INVALID_ARGUMENT', `context.${key} is reserved for the renderer`);
    }
    if (!contextKeys.has(key) && value !== undefined) variables[key] = value;
  }
  return variables;
}

function renderError(error: unknown): ConfuError {
  if (ConfuError.isInstance(error)) return error;
  if (error instanceof TemplateRaise) {
    return new ConfuError('INVALID_ARGUMENT', `chat template: ${error.message}`, { cause: error });
  }
  // Deep recursion or a string past the engine's limit: a budget, not a template bug.
  if (error instanceof RangeError) {
    return new ConfuError('BUDGET_EXCEEDED', `chat template exhausted a limit: ${error.message}`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ConfuError('INVALID_CONFIG', `chat template failed to render: ${message}`, {
    cause: error,
  });
}

function definedOnly(budget: ChatTemplateBudget): Partial<Required<ChatTemplateBudget>> {
  return Object.fromEntries(Object.entries(budget).filter(([, value]) => value !== undefined));
}
