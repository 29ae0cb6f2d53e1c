import { describe, expect, it } from 'vitest';
import { createRegistry } from './prometheus-registry.js';

describe('createRegistry', () => {
  it('renders counters, gauges and cumulative histograms in the text format', () => {
    const registry = createRegistry();
    const counter = registry.counter('confu:things_total', 'Things.');
    registry.gauge('confu:level', 'Level.', () => 3);
    const histogram = registry.histogram('confu:size', 'Size.', [1, 2]);

    counter.inc();
    counter.inc(2, { kind: 'a"b' });
    histogram.observe(1, 2);
    histogram.observe(5);
    histogram.observe(Number.NaN);

    expect(registry.render()).toBe(
      [
        '# HELP confu:things_total Things.',
        '# TYPE confu:things_total counter',
        'confu:things_total 1',
        'confu:things_total{kind="a\\"b"} 2',
        '# HELP confu:level Level.',
        '# TYPE confu:level gauge',
        'confu:level 3',
        '# HELP confu:size Size.',
        '# TYPE confu:size histogram',
        'confu:size_bucket{le="1"} 2',
        'confu:size_bucket{le="2"} 2',
        'confu:size_bucket{le="+Inf"} 3',
        'confu:size_sum 7',
        'confu:size_count 3',
        '',
      ].join('\n'),
    );
  });
});
