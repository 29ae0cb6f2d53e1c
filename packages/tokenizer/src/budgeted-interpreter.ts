import { ConfuError } from '@confu/errors';
import { Interpreter } from '@huggingface/jinja';
import type { Environment } from '@huggingface/jinja';

type Statement = Parameters<Interpreter['evaluate']>[0];
type RuntimeValue = ReturnType<Interpreter['evaluate']>;
type Node = Record<string, unknown> & { readonly type?: unknown };

/** The limits one render runs under. Internal. */
export interface RenderLimits {
  readonly timeoutMs: number;
  readonly maxOutputChars: number;
  readonly maxLoopIterations: number;
  readonly now: () => number;
}

/** Filters whose numeric arguments are widths: they allocate that many characters per line. */
const widthFilters: ReadonlySet<string> = new Set(['indent', 'tojson']);
/** No chat template indents by more; larger widths only serve to allocate memory. */
const maxFilterWidth = 1_000;

/**
 * `@huggingface/jinja`'s interpreter with a cooperative budget. It renders synchronously, so
 * every node evaluation checks the clock, loop iterables count against `maxLoopIterations`
 * before the loop runs, and every value is checked for size as soon as it exists: a string
 * doubled in a loop is stopped near `maxOutputChars`, not gigabytes later.
 */
export class BudgetedInterpreter extends Interpreter {
  readonly #limits: RenderLimits;
  readonly #start: number;
  readonly #iterables = new WeakSet<object>();
  readonly #widths = new WeakSet<object>();
  #iterations = 0;

  constructor(environment: Environment, limits: RenderLimits) {
    super(environment);
    this.#limits = limits;
    this.#start = limits.now();
  }

  #spendIterations(count: number): void {
    this.#iterations += count;
    if (this.#iterations > this.#limits.maxLoopIterations) {
      exceeded(`more than ${this.#limits.maxLoopIterations} loop iterations`);
    }
  }

  override evaluate(statement: Statement, environment: Environment): RuntimeValue {
    const elapsed = this.#limits.now() - this.#start;
    if (elapsed > this.#limits.timeoutMs) exceeded(`ran longer than ${this.#limits.timeoutMs} ms`);
    if (statement) this.#mark(statement as unknown as Node);
    const value = super.evaluate(statement, environment);
    if (statement) this.#check(statement as unknown as Node, value);
    return value;
  }

  #mark(node: Node): void {
    if (node.type === 'For') {
      const iterable = node['iterable'] as Node;
      this.#iterables.add(
        iterable.type === 'SelectExpression' ? (iterable['lhs'] as Node) : iterable,
      );
    }
    const filter = node['filter'] as Node | undefined;
    if (filter?.type !== 'CallExpression') return;
    const callee = filter['callee'] as Node;
    if (!widthFilters.has(String(callee['value']))) return;
    for (const argument of filter['args'] as Node[]) {
      this.#widths.add(
        argument.type === 'KeywordArgumentExpression' ? (argument['value'] as Node) : argument,
      );
    }
  }

  #check(node: Node, value: RuntimeValue): void {
    const content: unknown = value.value;
    if (typeof content === 'string' && content.length > this.#limits.maxOutputChars) {
      exceeded(
        `built a string of ${content.length} characters (limit ${this.#limits.maxOutputChars})`,
      );
    }
    const size = Array.isArray(content)
      ? content.length
      : content instanceof Map
        ? content.size
        : 0;
    if (size > this.#limits.maxLoopIterations) {
      exceeded(`built a collection of ${size} items (limit ${this.#limits.maxLoopIterations})`);
    }
    if (this.#iterables.has(node)) this.#spendIterations(size);
    if (this.#widths.has(node) && typeof content === 'number' && content > maxFilterWidth) {
      exceeded(`asked for a width of ${content} (limit ${maxFilterWidth})`);
    }
  }
}

function exceeded(what: string): never {
  throw new ConfuError('BUDGET_EXCEEDED', `chat template ${what}`);
}
