import type { GenerationObserver } from '../inference/generation-events.js';
import { createRegistry } from './prometheus-registry.js';
import type { Counter } from './prometheus-registry.js';

/** The server's metrics: a {@link GenerationObserver} for the pool plus HTTP counts. */
export interface ServerMetrics extends GenerationObserver {
  /** Counts one HTTP response. */
  response(route: string, status: number): void;
  /** The Prometheus text exposition. */
  render(): string;
}

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const rateBuckets = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
const lengthBuckets = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 24, 32];

/**
 * Creates the metrics, named like vLLM's with a `confu:` prefix: request gauges and counters,
 * token counters, TTFT / inter-token / end-to-end / queue histograms, a per-request token-rate
 * histogram, and the speculative counters `spec_decode_num_drafts`, `_num_draft_tokens`,
 * `_num_accepted_tokens`, `_num_accepted_tokens_per_pos{position}` plus the per-round
 * acceptance-length histogram `spec_decode_acceptance_length` (accepted + 1 bonus token).
 */
export function createServerMetrics(
  pool: () => { running: number; waiting: number; readySlots: number },
): ServerMetrics {
  const registry = createRegistry();
  const p = 'confu:';
  registry.gauge(
    `${p}num_requests_running`,
    'Requests holding an inference slot.',
    () => pool().running,
  );
  registry.gauge(`${p}num_requests_waiting`, 'Requests queued for a slot.', () => pool().waiting);
  registry.gauge(
    `${p}num_slots_ready`,
    'Inference workers loaded and serving.',
    () => pool().readySlots,
  );
  const success = registry.counter(
    `${p}request_success_total`,
    'Finished requests by finish reason.',
  );
  const aborted = registry.counter(
    `${p}request_aborted_total`,
    'Requests cancelled by their client.',
  );
  const rejected = registry.counter(
    `${p}request_rejected_total`,
    'Requests refused with 429 (queue full).',
  );
  const failed = registry.counter(
    `${p}request_failed_total`,
    'Requests that failed with a server error.',
  );
  const deadline = registry.counter(
    `${p}request_deadline_exceeded_total`,
    'Requests ended by the per-request deadline.',
  );
  const replaced = registry.counter(
    `${p}worker_replaced_total`,
    'Workers the watchdog replaced after they failed to end an aborted generation.',
  );
  const http = registry.counter(`${p}http_responses_total`, 'HTTP responses by route and status.');
  const promptTokens = registry.counter(`${p}prompt_tokens_total`, 'Prefill tokens processed.');
  const generationTokens = registry.counter(`${p}generation_tokens_total`, 'Tokens generated.');
  const ttft = registry.histogram(
    `${p}time_to_first_token_seconds`,
    'Arrival to first token, queue included.',
    latencyBuckets,
  );
  const itl = registry.histogram(
    `${p}inter_token_latency_seconds`,
    'Time per token after the first.',
    latencyBuckets,
  );
  const e2e = registry.histogram(
    `${p}e2e_request_latency_seconds`,
    'Arrival to last token.',
    latencyBuckets,
  );
  const queue = registry.histogram(
    `${p}request_queue_time_seconds`,
    'Time waiting for a slot.',
    latencyBuckets,
  );
  const release = registry.histogram(
    `${p}request_abort_release_seconds`,
    'Abort sent to the worker until its slot is free.',
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  );
  const rate = registry.histogram(
    `${p}request_generation_tokens_per_second`,
    'Generated tokens per second of each request.',
    rateBuckets,
  );
  const drafts = registry.counter(
    `${p}spec_decode_num_drafts_total`,
    'Draft rounds (target verification passes).',
  );
  const draftTokens = registry.counter(
    `${p}spec_decode_num_draft_tokens_total`,
    'Draft tokens proposed.',
  );
  const acceptedTokens = registry.counter(
    `${p}spec_decode_num_accepted_tokens_total`,
    'Draft tokens accepted.',
  );
  const perPosition: Counter = registry.counter(
    `${p}spec_decode_num_accepted_tokens_per_pos_total`,
    'Rounds accepting a draft token at each position.',
  );
  const acceptanceLength = registry.histogram(
    `${p}spec_decode_acceptance_length`,
    'Tokens committed per round (accepted + bonus).',
    lengthBuckets,
  );
  return {
    rejected: () => rejected.inc(),
    started: (seconds) => queue.observe(seconds),
    firstToken: (seconds) => ttft.observe(seconds),
    tokens: (count, seconds) => itl.observe(seconds / Math.max(1, count), count),
    aborted: () => aborted.inc(),
    abortReleased: (seconds) => release.observe(seconds),
    failed: () => failed.inc(),
    deadlineExceeded: () => deadline.inc(),
    workerReplaced: () => replaced.inc(),
    finished(result) {
      success.inc(1, { finished_reason: result.finishReason });
      promptTokens.inc(result.promptTokens);
      generationTokens.inc(result.completionTokens);
      e2e.observe(result.seconds);
      if (result.seconds > 0) rate.observe(result.completionTokens / result.seconds);
      const { speculation } = result;
      if (speculation.method === 'none' || speculation.drafted === null) return;
      drafts.inc(speculation.rounds);
      draftTokens.inc(speculation.drafted);
      acceptedTokens.inc(speculation.accepted);
      speculation.acceptedHistogram.forEach((rounds, accepted) => {
        acceptanceLength.observe(accepted + 1, rounds);
        if (rounds === 0) return;
        // A round accepting k tokens accepted one at each of positions 0 .. k-1.
        for (let position = 0; position < accepted; position++)
          perPosition.inc(rounds, { position: String(position) });
      });
    },
    response: (route, status) => http.inc(1, { route, status: String(status) }),
    render: () => registry.render(),
  };
}
