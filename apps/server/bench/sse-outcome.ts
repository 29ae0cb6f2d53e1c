/** How one HTTP request to a generation route ended, from the client's side. */
export type Outcome =
  | { readonly kind: 'completed'; readonly text: string; readonly status: number }
  | { readonly kind: 'error-event'; readonly code: string }
  | { readonly kind: 'http-error'; readonly status: number; readonly code: string }
  | { readonly kind: 'cut'; readonly detail: string };

/**
 * Sends one request and classifies its end: a complete response (or a stream ending with
 * `finish_reason` and `[DONE]`), an in-stream error event followed by `[DONE]`, an HTTP error in
 * the OpenAI shape, or a cut (connection reset, a stream without `[DONE]`, malformed body).
 */
export async function requestOutcome(
  url: string,
  body: object,
  init: { signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<Outcome & { readonly headers?: Headers }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...init.headers },
      body: JSON.stringify(body),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (error) {
    return { kind: 'cut', detail: `request: ${String((error as Error).cause ?? error)}` };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return {
      kind: 'cut',
      detail: `body: ${String((error as Error).cause ?? error)}`,
      headers: response.headers,
    };
  }
  const { headers, status } = response;
  if (status !== 200) {
    try {
      const code = (JSON.parse(text) as { error: { code: string | null } }).error.code ?? 'none';
      return { kind: 'http-error', status, code, headers };
    } catch {
      return { kind: 'cut', detail: `status ${status} without an error body`, headers };
    }
  }
  if (!(headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    try {
      const parsed = JSON.parse(text) as {
        choices: { text?: string; message?: { content: string } }[];
      };
      const choice = parsed.choices[0];
      return {
        kind: 'completed',
        text: choice?.text ?? choice?.message?.content ?? '',
        status,
        headers,
      };
    } catch {
      return { kind: 'cut', detail: 'malformed JSON body', headers };
    }
  }
  if (!text.endsWith('data: [DONE]\n\n'))
    return { kind: 'cut', detail: 'stream without [DONE]', headers };
  const events = text
    .split('\n\n')
    .filter((event) => event.startsWith('data: ') && event !== 'data: [DONE]')
    .map((event) => JSON.parse(event.slice(6)) as Record<string, unknown>);
  const error = events.find((event) => 'error' in event) as
    { error: { code: string | null } } | undefined;
  if (error) return { kind: 'error-event', code: error.error.code ?? 'none', headers };
  let streamed = '';
  let finished = false;
  for (const event of events) {
    const choice = (
      event['choices'] as
        { text?: string; delta?: { content?: string }; finish_reason?: string | null }[] | undefined
    )?.[0];
    streamed += choice?.text ?? choice?.delta?.content ?? '';
    if (choice?.finish_reason) finished = true;
  }
  return finished
    ? { kind: 'completed', text: streamed, status, headers }
    : { kind: 'cut', detail: 'stream without finish_reason', headers };
}
