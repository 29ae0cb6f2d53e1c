/** Label values of one series. */
export type Labels = Readonly<Record<string, string>>;

/** A monotonically increasing counter. */
export interface Counter {
  inc(value?: number, labels?: Labels): void;
}

/** A histogram with fixed upper bounds (the `+Inf` bucket is implied). */
export interface Histogram {
  observe(value: number, count?: number): void;
}

/** A minimal Prometheus registry rendering the text exposition format 0.0.4. */
export interface Registry {
  counter(name: string, help: string): Counter;
  /** A gauge read at scrape time. */
  gauge(name: string, help: string, read: () => number): void;
  histogram(name: string, help: string, buckets: readonly number[]): Histogram;
  render(): string;
}

/** Creates an empty {@link Registry}. */
export function createRegistry(): Registry {
  const sections: Array<() => string[]> = [];
  const header = (name: string, help: string, type: string): string[] => [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} ${type}`,
  ];
  return {
    counter(name, help) {
      const series = new Map<string, number>();
      sections.push(() => [
        ...header(name, help, 'counter'),
        ...(series.size === 0
          ? [`${name} 0`]
          : [...series].map(([labels, value]) => `${name}${labels} ${value}`)),
      ]);
      return {
        inc(value = 1, labels = {}) {
          const key = formatLabels(labels);
          series.set(key, (series.get(key) ?? 0) + value);
        },
      };
    },
    gauge(name, help, read) {
      sections.push(() => [...header(name, help, 'gauge'), `${name} ${read()}`]);
    },
    histogram(name, help, buckets) {
      const counts = new Array<number>(buckets.length).fill(0);
      let total = 0;
      let sum = 0;
      sections.push(() => [
        ...header(name, help, 'histogram'),
        ...buckets.map((bound, index) => `${name}_bucket{le="${bound}"} ${counts[index]}`),
        `${name}_bucket{le="+Inf"} ${total}`,
        `${name}_sum ${sum}`,
        `${name}_count ${total}`,
      ]);
      return {
        observe(value, count = 1) {
          if (!Number.isFinite(value) || count <= 0) return;
          total += count;
          sum += value * count;
          buckets.forEach((bound, index) => {
            if (value <= bound) counts[index] = (counts[index] ?? 0) + count;
          });
        },
      };
    },
    render: () => `${sections.flatMap((section) => section()).join('\n')}\n`,
  };
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const escape = (value: string): string =>
    value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${entries.map(([key, value]) => `${key}="${escape(value)}"`).join(',')}}`;
}
