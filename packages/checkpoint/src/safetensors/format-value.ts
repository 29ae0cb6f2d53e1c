const maxLength = 80;
const maxItems = 8;

/**
 * Renders an offending value for an error message, JSON-like, so that control characters and odd
 * names stay visible. Bounded in depth, items and length: a hostile header (a 100 MB string, an
 * array nested 10^5 deep) must not flood a log or overflow the stack while being reported.
 */
export function formatValue(value: unknown): string {
  const text = render(value, 3);
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

function render(value: unknown, depth: number): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, maxLength + 1));
  if (Array.isArray(value)) {
    if (depth === 0) return '[…]';
    const items = value.slice(0, maxItems).map((item: unknown) => render(item, depth - 1));
    return `[${items.join(',')}${value.length > maxItems ? ',…' : ''}]`;
  }
  if (typeof value === 'object' && value !== null) {
    if (depth === 0) return '{…}';
    const items: string[] = [];
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (items.length === maxItems) return `{${items.join(',')},…}`;
      items.push(`${render(key, 0)}:${render((value as Record<string, unknown>)[key], depth - 1)}`);
    }
    return `{${items.join(',')}}`;
  }
  return String(value);
}
