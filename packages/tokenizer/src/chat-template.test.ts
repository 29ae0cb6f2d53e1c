import { describe, expect, it } from 'vitest';
import { caught } from '@internal/test-utils';
import { chatTemplateFromConfig } from './chat-template-from-config.js';
import { renderChatTemplate } from './chat-template.js';

const messages = [
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello' },
];
const simple =
  '{{ bos_token }}{% for m in messages %}<{{ m.role }}>{{ m.content }}{{ eos_token }}{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}';

describe('renderChatTemplate', () => {
  it('maps the context to the usual template variables', () => {
    expect(renderChatTemplate(simple, { messages, bosToken: '<s>', eosToken: '</s>' })).toBe(
      '<s><user>Hi</s><assistant>Hello</s>',
    );
    expect(renderChatTemplate(simple, { messages, addGenerationPrompt: true })).toBe(
      '<user>Hi<assistant>Hello<assistant>',
    );
  });

  it('passes extra variables through and keeps the loop helpers working', () => {
    const template =
      '{% for t in tools %}{{ loop.index }}:{{ t.name }};{% endfor %}{{ range(3) | join(",") }}|{{ range(5, 0, -2) | join(",") }}';
    expect(
      renderChatTemplate(template, { messages: [], tools: [{ name: 'a' }, { name: 'b' }] }),
    ).toBe('1:a;2:b;0,1,2|5,3,1');
  });

  it('provides strftime_now with C-locale month names', () => {
    expect(renderChatTemplate("{{ strftime_now('%d %b %Y|%B') }}", { messages: [] })).toMatch(
      /^\d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\|[A-Z][a-z]+$/,
    );
  });

  it('reports raise_exception as INVALID_ARGUMENT carrying the message', () => {
    const error = caught(() =>
      renderChatTemplate("{{ raise_exception('Roles must alternate') }}", { messages }),
    );
    expect(error).toMatchObject({ name: 'ConfuError', code: 'INVALID_ARGUMENT' });
    expect(error.message).toContain('Roles must alternate');
  });

  it('reports syntax and render errors as INVALID_CONFIG', () => {
    for (const template of ['{% for %}', '{{ x ', '{% if x %}open', '{% endfor %}']) {
      expect(caught(() => renderChatTemplate(template, { messages })).code, template).toBe(
        'INVALID_CONFIG',
      );
    }
    expect(
      caught(() => renderChatTemplate('{{ messages | nosuchfilter }}', { messages })).code,
    ).toBe('INVALID_CONFIG');
  });

  it('rejects a malformed context and reserved names as INVALID_ARGUMENT', () => {
    expect(
      caught(() => renderChatTemplate(simple, { messages: [{ content: 'x' }] } as never)).message,
    ).toMatch(/messages\[0\] needs a string role/);
    expect(caught(() => renderChatTemplate(simple, { messages, range: () => [] })).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(caught(() => renderChatTemplate(simple, { messages, big: 1n })).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(caught(() => renderChatTemplate(simple, { messages }, { timeoutMs: 0 })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('renderChatTemplate budget against hostile templates', () => {
  const budgetError = (template: string, budget = {}) => {
    const error = caught(() => renderChatTemplate(template, { messages }, budget));
    expect(error.code, template).toBe('BUDGET_EXCEEDED');
    return error.message;
  };

  it('refuses range(10**6) before allocating it', () => {
    expect(budgetError('{% for i in range(10**6) %}x{% endfor %}')).toMatch(
      /range\(\) with 1000000 items/,
    );
  });

  it('counts iterations of nested loops', () => {
    const nested = '{% for i in range(1000) %}{% for j in range(1000) %}x{% endfor %}{% endfor %}';
    // A frozen clock isolates the iteration count from the (also enforced) time limit.
    expect(budgetError(nested, { now: () => 0 })).toMatch(/more than 100000 loop iterations/);
    expect(budgetError(nested)).toMatch(/loop iterations|longer than 100 ms/);
  });

  it('stops string doubling near maxOutputChars, not at gigabytes', () => {
    const direct = budgetError(
      "{% set s = 'a' %}{% for i in range(30) %}{% set s = s ~ s %}{% endfor %}{{ s }}",
    );
    const viaNamespace = budgetError(
      "{% set ns = namespace(s='a') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
    );
    for (const message of [direct, viaNamespace]) {
      const size = Number(/string of (\d+) characters/.exec(message)?.[1]);
      expect(size).toBeGreaterThan(1_000_000);
      expect(size).toBeLessThanOrEqual(2_000_000);
    }
  });

  it('stops list doubling and huge filter widths', () => {
    expect(
      budgetError(
        '{% set a = [1] %}{% for i in range(40) %}{% set a = a + a %}{% endfor %}{{ a | length }}',
      ),
    ).toMatch(/collection of \d+ items/);
    expect(budgetError("{{ 'a\\nb' | indent(10**8) }}")).toMatch(/width of 100000000/);
    expect(budgetError('{{ messages | tojson(indent=10**8) }}')).toMatch(/width/);
  });

  it('enforces maxOutputChars on the output', () => {
    const template = '{% for i in range(20) %}x{% endfor %}';
    expect(renderChatTemplate(template, { messages }, { maxOutputChars: 20 })).toBe('x'.repeat(20));
    budgetError(template, { maxOutputChars: 19 });
  });

  it('checks the injected clock during the render', () => {
    const template = '{% for i in range(500) %}{{ i }}{% endfor %}';
    let time = 0;
    const ticking = () => (time += 1);
    expect(budgetError(template, { timeoutMs: 100, now: ticking })).toMatch(/longer than 100 ms/);
    expect(
      renderChatTemplate(template, { messages }, { timeoutMs: 100, now: () => 0 }),
    ).toHaveLength(1390);
  });

  it('applies a custom maxLoopIterations to all loops together', () => {
    const template = '{% for i in range(3) %}{% for m in messages %}{% endfor %}{% endfor %}ok';
    // 3 + 3 × 2 = 9 iterations.
    expect(budgetError(template, { maxLoopIterations: 8 })).toMatch(/more than 8 loop iterations/);
    expect(renderChatTemplate(template, { messages }, { maxLoopIterations: 9 })).toBe('ok');
  });
});

describe('chatTemplateFromConfig', () => {
  it('returns a string template, or the default of a named list', () => {
    expect(chatTemplateFromConfig({ chat_template: 'T' })).toBe('T');
    const list = {
      chat_template: [
        { name: 'tool_use', template: 'TOOLS' },
        { name: 'default', template: 'DEFAULT' },
      ],
    };
    expect(chatTemplateFromConfig(list)).toBe('DEFAULT');
    expect(chatTemplateFromConfig(list, { templateName: 'tool_use' })).toBe('TOOLS');
    expect(chatTemplateFromConfig({ bos_token: '<s>' })).toBeUndefined();
  });

  it('rejects malformed templates and missing names as INVALID_CONFIG', () => {
    expect(caught(() => chatTemplateFromConfig({ chat_template: 3 })).code).toBe('INVALID_CONFIG');
    expect(caught(() => chatTemplateFromConfig({ chat_template: [{ name: 'x' }] })).code).toBe(
      'INVALID_CONFIG',
    );
    const error = caught(() =>
      chatTemplateFromConfig({ chat_template: [{ name: 'rag', template: 'R' }] }),
    );
    expect(error.message).toContain('"default"');
    expect(error.message).toContain('rag');
  });
});
