import { ConfuError } from '@confu/errors';

/** The tensor names of one graph: fresh names from a prefix, and claims that reject duplicates. */
export class TensorNameScope {
  readonly #graph: string;
  readonly #names = new Set<string>();
  readonly #counters = new Map<string, number>();

  /** @param graph names the graph in error messages. */
  constructor(graph: string) {
    this.#graph = graph;
  }

  /** A name not claimed yet: `prefix`, else `prefix_1`, `prefix_2`, ... (not claimed by this). */
  unique(prefix: string): string {
    let name = prefix;
    let counter = this.#counters.get(prefix) ?? 0;
    while (this.#names.has(name)) name = `${prefix}_${++counter}`;
    this.#counters.set(prefix, counter);
    return name;
  }

  /** Records `name` as defined. @throws ConfuError `INVALID_ARGUMENT` when empty or taken. */
  claim(name: string): void {
    if (name === '' || this.#names.has(name)) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `tensor name \`${name}\` is empty or already defined in graph \`${this.#graph}\``,
      );
    }
    this.#names.add(name);
  }
}
