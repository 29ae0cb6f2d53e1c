import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServeProcess } from './serve-process.js';
import type { ServeProcess } from './serve-process.js';
import { requestOutcome } from './sse-outcome.js';

/** Options of {@link runFailover}. */
export interface FailoverOptions {
  readonly model: string;
  /** Concurrent clients through the balancer. */
  readonly clients: number;
  readonly seconds: number;
  /** How replica `a` is stopped a third of the way in: killed, or drained with SIGTERM. */
  readonly signal: 'SIGKILL' | 'SIGTERM';
  readonly haproxy?: string;
}

/** One request through the balancer. */
interface Sample {
  readonly startedMs: number;
  readonly endedMs: number;
  readonly stream: boolean;
  readonly replica: string | null;
  readonly ok: boolean;
  readonly detail: string;
}

/** What {@link runFailover} measured. */
export interface FailoverReport {
  readonly signal: string;
  readonly requests: number;
  readonly failed: number;
  /** Failed requests that were running on the stopped replica when it was stopped. */
  readonly failedInFlightOnStopped: number;
  /** Failed requests that were not: must be 0. */
  readonly failedOthers: number;
  readonly failures: readonly string[];
  /** Requests answered per replica, before and after the stop. */
  readonly servedBefore: Readonly<Record<string, number>>;
  readonly servedAfter: Readonly<Record<string, number>>;
  readonly stoppedReplicaExit: string;
}

/**
 * The HAProxy configuration of docs/deploy/haproxy.cfg for replicas on `ports`: health checks on
 * `/health` (a draining replica answers 503 there and is taken out), least-connections balancing,
 * retries of connection failures, empty responses and 503s on another replica (`redispatch`), and
 * an `x-confu-replica` response header naming the replica that answered.
 */
export function haproxyConfig(
  frontendPort: number,
  ports: Readonly<Record<string, number>>,
): string {
  const servers = Object.entries(ports)
    .map(([name, port]) => `  server ${name} 127.0.0.1:${port} check`)
    .join('\n');
  return `global
  maxconn 4096

defaults
  mode http
  timeout connect 2s
  timeout client 300s
  timeout server 300s
  timeout http-request 30s
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response 503

frontend confu
  bind 127.0.0.1:${frontendPort}
  default_backend replicas

backend replicas
  balance leastconn
  option httpchk
  http-check send meth GET uri /health ver HTTP/1.1 hdr Host confu
  http-check expect status 200
  default-server inter 1s fastinter 200ms downinter 1s fall 2 rise 2
  http-after-response set-header x-confu-replica %[srv_name]
${servers}
`;
}

/**
 * Two `confu serve` replicas behind HAProxy on loopback, `clients` clients through it for
 * `seconds`, and replica `a` stopped with `signal` a third of the way in. Requests in flight on
 * `a` may fail (a stream already sent cannot move); every other request must succeed, on `b`.
 */
export async function runFailover(options: FailoverOptions): Promise<FailoverReport> {
  const replicas: Record<string, ServeProcess> = {};
  const directory = await mkdtemp(join(tmpdir(), 'confu-failover-'));
  let balancer: ReturnType<typeof spawn> | undefined;
  try {
    for (const name of ['a', 'b']) {
      replicas[name] = await startServeProcess([
        '--model',
        options.model,
        '--port',
        '0',
        '--slots',
        '1',
        '--max-queue',
        '64',
        '--threads',
        '1',
        '--shutdown-timeout',
        '30',
      ]);
    }
    const frontend = await freePort();
    const ports = Object.fromEntries(
      Object.entries(replicas).map(([name, replica]) => [name, Number(new URL(replica.url).port)]),
    );
    const config = join(directory, 'haproxy.cfg');
    await writeFile(config, haproxyConfig(frontend, ports));
    balancer = spawn(options.haproxy ?? 'haproxy', ['-f', config, '-db'], { stdio: 'ignore' });
    const url = `http://127.0.0.1:${frontend}`;
    await waitForBothReplicas(url);

    const samples: Sample[] = [];
    const started = performance.now();
    const stopAtMs = (options.seconds * 1000) / 3;
    const endAtMs = options.seconds * 1000;
    let stoppedAtMs = Number.POSITIVE_INFINITY;
    const stopper = (async () => {
      await new Promise((resolve) => setTimeout(resolve, stopAtMs));
      stoppedAtMs = performance.now() - started;
      replicas['a']?.child.kill(options.signal);
    })();
    let counter = 0;
    const client = async (): Promise<void> => {
      while (performance.now() - started < endAtMs) {
        const stream = counter++ % 2 === 0;
        const startedMs = performance.now() - started;
        const outcome = await requestOutcome(`${url}/v1/completions`, {
          model: 'stories260K',
          prompt: 'Once upon a time',
          max_tokens: 64,
          temperature: 0.8,
          seed: counter,
          stream,
        });
        samples.push({
          startedMs,
          endedMs: performance.now() - started,
          stream,
          replica: outcome.headers?.get('x-confu-replica') ?? null,
          ok: outcome.kind === 'completed',
          detail:
            outcome.kind === 'cut'
              ? outcome.detail
              : outcome.kind === 'completed'
                ? ''
                : `${outcome.kind} ${outcome.code}`,
        });
      }
    };
    await Promise.all([stopper, ...Array.from({ length: options.clients }, () => client())]);
    const stoppedExit = await replicas['a']?.exited;

    const failed = samples.filter((sample) => !sample.ok);
    // In flight on `a` at the stop: started before it, ended after it, answered by `a` (or cut
    // before any header named a replica).
    const inFlightOnStopped = (sample: Sample): boolean =>
      sample.startedMs <= stoppedAtMs &&
      sample.endedMs >= stoppedAtMs &&
      (sample.replica === 'a' || sample.replica === null);
    const served = (after: boolean): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const sample of samples) {
        if (!sample.ok || sample.startedMs > stoppedAtMs !== after) continue;
        const key = sample.replica ?? 'unknown';
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    };
    return {
      signal: options.signal,
      requests: samples.length,
      failed: failed.length,
      failedInFlightOnStopped: failed.filter(inFlightOnStopped).length,
      failedOthers: failed.filter((sample) => !inFlightOnStopped(sample)).length,
      failures: failed
        .slice(0, 10)
        .map(
          (sample) =>
            `${sample.stream ? 'stream' : 'plain'} on ${sample.replica ?? '?'} [${Math.round(sample.startedMs)}, ${Math.round(sample.endedMs)}] ms (stop at ${Math.round(stoppedAtMs)}): ${sample.detail}`,
        ),
      servedBefore: served(false),
      servedAfter: served(true),
      stoppedReplicaExit: String(stoppedExit?.signal ?? stoppedExit?.code),
    };
  } finally {
    balancer?.kill('SIGTERM');
    for (const replica of Object.values(replicas)) {
      if (replica.child.exitCode === null && replica.child.signalCode === null)
        replica.child.kill('SIGTERM');
      await replica.exited;
    }
    await rm(directory, { recursive: true, force: true });
  }
}

/** Resolves once the balancer has answered from both replicas. */
async function waitForBothReplicas(url: string): Promise<void> {
  const seen = new Set<string>();
  for (let attempt = 0; attempt < 400 && seen.size < 2; attempt++) {
    const response = await fetch(`${url}/v1/models`).catch(() => undefined);
    const replica = response?.ok ? response.headers.get('x-confu-replica') : null;
    await response?.body?.cancel();
    if (replica) seen.add(replica);
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (seen.size < 2) throw new Error(`the balancer at ${url} did not reach both replicas`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
