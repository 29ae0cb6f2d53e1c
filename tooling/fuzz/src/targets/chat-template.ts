import { renderChatTemplate } from '@confu/tokenizer';
import * as fc from 'fast-check';
import { fuzzTarget } from '../fuzz-target.js';
import { applyEdits, byteEdits } from '../mutate-bytes.js';

const chatml =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
const llama2 =
  "{% if messages[0]['role'] == 'system' %}{% set system = messages[0]['content'] %}{% set rest = messages[1:] %}{% else %}{% set rest = messages %}{% endif %}{% for m in rest %}{% if (m['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('roles must alternate') }}{% endif %}{% if m['role'] == 'user' %}{{ bos_token + '[INST] ' + m['content'].strip() + ' [/INST]' }}{% else %}{{ ' ' + m['content'].strip() + ' ' + eos_token }}{% endif %}{% endfor %}";

const expression = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      'messages',
      "messages[0]['content']",
      'messages[-1].role',
      'bos_token',
      'eos_token',
      'add_generation_prompt',
      'loop.index',
      'undefined_name',
      'namespace(a=1)',
      "'abc'",
      '"x"',
      '0',
      '3',
      '-1',
      '1.5',
      'none',
      'true',
      '[1, 2]',
      "{'a': 1}",
      'range(3)',
      'range(100000000)',
      'messages.constructor',
      '__proto__',
      "''.constructor.constructor('return 1')()",
    ),
    fc
      .tuple(
        tie('expr'),
        fc.constantFrom('+', '-', '*', '~', '==', '!=', 'and', 'or', 'in', '%', '//', '**'),
        tie('expr'),
      )
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc
      .tuple(
        tie('expr'),
        fc.constantFrom(
          'length',
          'trim',
          'upper',
          'tojson',
          'first',
          'last',
          'join',
          'string',
          'int',
          'list',
          'reverse',
          'unique',
          'items',
          'indent(2)',
          'replace("a", "b")',
          'nothing',
        ),
      )
      .map(([a, filter]) => `${a}|${filter}`),
    fc
      .tuple(
        tie('expr'),
        fc.constantFrom(
          'strip()',
          'split(" ")',
          'startswith("a")',
          'upper()',
          'items()',
          'get("a")',
          'nope()',
        ),
      )
      .map(([a, method]) => `${a}.${method}`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `${a}[${b}]`),
    fc
      .tuple(tie('expr'), fc.integer({ min: -2, max: 3 }), fc.integer({ min: -2, max: 3 }))
      .map(([a, from, to]) => `${a}[${from}:${to}]`),
  ),
})).expr;

const statement = fc.letrec<{ block: string }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      'text ',
      '\n',
      '<|im_start|>',
      '{{',
      '{%',
      '%}',
      '}}',
      '{# c #}',
      '{% endfor %}',
      '{% endif %}',
    ),
    expression.map((expr) => `{{ ${expr} }}`),
    fc
      .tuple(expression, tie('block'), tie('block'))
      .map(([expr, a, b]) => `{% if ${expr} %}${a}{% else %}${b}{% endif %}`),
    fc
      .tuple(expression, tie('block'))
      .map(([expr, body]) => `{% for x in ${expr} %}${body}{% endfor %}`),
    fc.tuple(expression).map(([expr]) => `{% set v = ${expr} %}`),
    fc.constantFrom(
      "{{ raise_exception('bad') }}",
      '{% set ns = namespace(s="ab") %}{% for i in range(30) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}',
    ),
    fc.array(tie('block'), { maxLength: 3 }).map((blocks) => blocks.join('')),
  ),
})).block;

const template = fc.oneof(
  { weight: 6, arbitrary: statement },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(chatml, llama2), byteEdits(3))
      .map(([text, edits]) =>
        new TextDecoder().decode(applyEdits(new TextEncoder().encode(text), edits)),
      ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

const message = fc.record({
  role: fc.oneof(
    fc.constantFrom('system', 'user', 'assistant', 'tool'),
    fc.string({ maxLength: 4 }),
  ),
  content: fc.oneof(
    fc.string({ maxLength: 16 }),
    fc.constantFrom<unknown>(null, 3, [{ type: 'text', text: 'hi' }]),
  ),
});

/** `renderChatTemplate` under its default budget, with generated templates and messages. */
export const chatTemplateTarget = fuzzTarget({
  name: 'chat-template',
  arbitrary: fc.record({
    template,
    messages: fc.array(message, { maxLength: 3 }),
    addGenerationPrompt: fc.boolean(),
  }),
  run({ template: text, messages, addGenerationPrompt }) {
    renderChatTemplate(text, {
      messages: messages as { role: string; content?: string }[],
      addGenerationPrompt,
      bosToken: '<s>',
      eosToken: '</s>',
    });
  },
  describe: (input) => JSON.stringify(input).slice(0, 600),
});
