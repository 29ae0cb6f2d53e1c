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
  if (numbers.length === 0 || numbers.length !== args.length || !numbers.every(Number.isInteger)) {
    throw new Error('range() takes one to three integers');
  }
  const [start = 0, stop = 0, step = 1] = numbers.length === 1 ? [0, numbers[0]] : numbers;
  if (step === 0) throw new Error('range() step must not be zero');
  const length = Math.max(0, Math.ceil((stop - start) / step));
  if (length > limit) {
    throw new ConfuError('BUDGET_EXCEEDED', `chat template called range() with ${length} items (limit ${limit})`);
  }
  return Array.from({ length }, (_, index) => start + index * step);
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthNames = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December',
];

/** The subset of Python's `strftime` that `@huggingface/jinja` supports, English month names. */
function strftime(date: Date, format: string): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return format.replace(/%[YmdbBHM%]/g, (token) => {
    switch (token) {
      case '%Y': return String(date.getFullYear());
      case '%m': return pad(date.getMonth() + 1);
      case '%d': return pad(date.getDate());
      case '%b': return months[date.getMonth()] ?? '';
      case '%B': return monthNames[date.getMonth()] ?? '';
      case '%H': return pad(date.getHours());
      case '%M': return pad(date.getMinutes());
      default: return '%';
    }
  });
}
