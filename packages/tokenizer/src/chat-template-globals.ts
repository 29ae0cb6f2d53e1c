import { ConfuError } from '@confu/errors';

/** What `raise_exception(message)` throws; the renderer reports it as `INVALID_ARGUMENT`. */
export class TemplateRaise extends Error {}

/**
 * The globals `@huggingface/jinja` sets up, with `range` bounded by the loop budget (it would
 * otherwise allocate `range(10**9)` before any loop runs) and `raise_exception` recognisable.
 * Internal.
 */
export function renderGlobals(maxLoopIterations: number): Record<string, unknown> {
  return {
    true: true,
    false: false,
    none: null,
    True: true,
    False: false,
    None: null,
    raise_exception: (message: unknown) => {
      throw new TemplateRaise(String(message));
    },
    range: (...args: unknown[]) => boundedRange(args, maxLoopIterations),
    strftime_now: (format: unknown) => strftime(new Date(), String(format)),
  };
}

function boundedRange(args: unknown[], limit: number): number[] {
  const numbers = args.filter((arg) => typeof arg === 'number');
  const arity = numbers.length;
  if (arity === 0 || arity > 3 || arity !== args.length || !numbers.every(Number.isInteger)) {
    throw new Error('range() takes one to three integers');
  }
  const [start = 0, stop = 0, step = 1] = numbers.length === 1 ? [0, numbers[0]] : numbers;
  if (step === 0) throw new Error('range() step must not be zero');
  const length = Math.max(0, Math.ceil((stop - start) / step));
  if (length > limit) {
    throw new ConfuError(
      'BUDGET_EXCEEDED',
      `chat template called range() with ${length} items (limit ${limit})`,
    );
  }
  return Array.from({ length }, (_, index) => start + index * step);
}

const shortMonth = new Intl.DateTimeFormat('en-US', { month: 'short' });
const longMonth = new Intl.DateTimeFormat('en-US', { month: 'long' });

/** The subset of Python's `strftime` that `@huggingface/jinja` supports (C-locale month names). */
function strftime(date: Date, format: string): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  const fields: Record<string, () => string> = {
    '%Y': () => String(date.getFullYear()),
    '%m': () => pad(date.getMonth() + 1),
    '%d': () => pad(date.getDate()),
    '%b': () => shortMonth.format(date),
    '%B': () => longMonth.format(date),
    '%H': () => pad(date.getHours()),
    '%M': () => pad(date.getMinutes()),
  };
  return format.replace(/%[YmdbBHM%]/g, (token) => fields[token]?.() ?? '%');
}
