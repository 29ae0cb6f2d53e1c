import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { haproxyConfig, runFailover } from '../bench/failover-run.js';
import { hasStories260k, stories260k } from './server-fixture.js';

const documented = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../docs/deploy/haproxy.cfg',
);

function findHaproxy(): string | undefined {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
    return 'haproxy';
  } catch {
    return undefined;
  }
}

const haproxy = findHaproxy();
// CI installs Debian's haproxy (.ci/run): there a missing binary is an error, locally a skip.
if (!haproxy && process.env['CI'])
  throw new Error('haproxy is not installed (apt-get install haproxy)');
if (!haproxy) console.warn('[skip] load-balancer tests: haproxy is not installed');

describe('docs/deploy/haproxy.cfg', () => {
  it('is the configuration the failover run uses, comments aside', () => {
    const text = readFileSync(documented, 'utf8');
    const withoutComments = text
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');

    expect(withoutComments).toBe(haproxyConfig(8080, { a: 8001, b: 8002 }));
  });

  it.skipIf(!haproxy)('is valid for HAProxy', () => {
    expect(() =>
      execFileSync(haproxy as string, ['-c', '-f', documented], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});

describe.skipIf(!haproxy || !hasStories260k)(
  'two replicas behind HAProxy (CI smoke of the failover bench)',
  () => {
    it('routes around a killed replica; only requests in flight on it may fail', async () => {
      const report = await runFailover({
        model: stories260k,
        clients: 4,
        seconds: 6,
        signal: 'SIGKILL',
      });

      expect(report.failedOthers).toBe(0);
      expect(report.servedAfter['a']).toBeUndefined();
      expect(report.servedAfter['b']).toBeGreaterThan(0);
    }, 120_000);
  },
);
