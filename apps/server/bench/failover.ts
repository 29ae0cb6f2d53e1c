/**
 * Scale-out check, by hand (not part of `pnpm test`; needs Debian's `haproxy`):
 *
 *   pnpm --filter @app/server failover -- [--seconds 30] [--clients 8] [--signal SIGKILL|SIGTERM]
 *     [--model <dir>] [--haproxy /usr/sbin/haproxy]
 *
 * Two `confu serve` replicas behind HAProxy (docs/deploy/haproxy.cfg) on loopback; replica `a` is
 * killed (or drained with SIGTERM) a third of the way through the load. Prints JSON and exits 1
 * when a request other than those in flight on the stopped replica failed, or when the balancer
 * kept sending requests to it.
 */
import { parseArgs } from 'node:util';
import { runFailover } from './failover-run.js';
import { stories260kPath } from './serve-process.js';

const { values } = parseArgs({
  // pnpm passes a `--` separator through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    seconds: { type: 'string', default: '30' },
    clients: { type: 'string', default: '8' },
    signal: { type: 'string', default: 'SIGKILL' },
    model: { type: 'string', default: stories260kPath },
    haproxy: { type: 'string' },
  },
});
const report = await runFailover({
  model: values.model,
  clients: Number(values.clients),
  seconds: Number(values.seconds),
  signal: values.signal === 'SIGTERM' ? 'SIGTERM' : 'SIGKILL',
  ...(values.haproxy ? { haproxy: values.haproxy } : {}),
});
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
const routedAround = (report.servedAfter['a'] ?? 0) === 0 && (report.servedAfter['b'] ?? 0) > 0;
process.exitCode = report.failedOthers === 0 && routedAround ? 0 : 1;
