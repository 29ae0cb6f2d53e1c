import { describe, expect, it } from 'vitest';
import { hasStories260k, readMetric, startTestServer, waitFor } from './server-fixture.js';

type Outcome = 'completed' | 'error event, then [DONE]' | '503' | 'cut';

/** How one streamed request ended: its whole body is read, a cut connection included. */
async function outcomeOf(response: Promise<Response>): Promise<Outcome> {
  const settled = await response.then(
    async (value) => ({ status: value.status, text: await value.text() }),
    () => undefined,
  );
  if (!settled) return 'cut';
  const { status, text } = settled;
  if (status === 503 && (JSON.parse(text) as { error?: { code?: string } }).error?.code)
    return '503';
  if (status !== 200 || !text.endsWith('data: [DONE]\n\n')) return 'cut';
  if (text.includes('"finish_reason":"length"')) return 'completed';
  return text.includes('data: {"error":') ? 'error event, then [DONE]' : 'cut';
}

describe.skipIf(!hasStories260k)('shutdown while streams run (issue 14)', () => {
  it('ends every stream cleanly and stops the workers only once idle', async () => {
    const server = await startTestServer({ slots: 2, maxQueue: 8, shutdownTimeoutMs: 0 });
    const streams = Array.from({ length: 6 }, (_, index) =>
      fetch(`${server.url}/v1/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'stories260K',
          prompt: 'Once upon a time',
          max_tokens: 500,
          temperature: 0.8,
          seed: index,
          stream: true,
        }),
      }),
    );
    await waitFor(async () => (await readMetric(server, 'confu:num_requests_running')) === 2);

    await server.close();
    const outcomes = await Promise.all(streams.map(outcomeOf));

    expect(outcomes.filter((outcome) => outcome === 'cut')).toEqual([]);
    expect(outcomes).toHaveLength(6);
  });
});
