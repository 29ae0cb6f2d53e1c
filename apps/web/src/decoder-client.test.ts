import { afterEach, describe, expect, it } from 'vitest';
import type { FileProgress, ModelDtype } from '@confu/browser';
import { ConfuError } from '@confu/errors';
import type { Decoder } from './decoder.js';
import { DecoderClient } from './decoder-client.js';
import type {
  DecodedChunk,
  DecoderReplyMessage,
  DecoderRequestMessage,
  GenerateRequest,
  LoadRequest,
} from './decoder-protocol.js';
import type { MessageEndpoint } from './message-endpoint.js';
import { serveDecoder } from './worker/serve-decoder.js';

const request: GenerateRequest = {
  prompt: 'Once upon a time',
  maxTokens: 8,
  temperature: 0,
  drafter: { kind: 'none', tree: { depth: 5, topK: 4, totalTokens: 16 } },
};
const chunk = (text: string): DecodedChunk => ({ text, tokenCount: 1, draftPieces: [] });

/** A decoder that streams `a`, `b`, … until aborted or `limit` chunks, and records aborts. */
function createFakeDecoder(limit = Number.POSITIVE_INFINITY): Decoder & { aborted: boolean } {
  const fake = {
    aborted: false,
    async load(loadRequest: LoadRequest, onProgress?: (progress: FileProgress) => void) {
      if ((loadRequest.dtype as string | undefined) === 'q2') {
        throw new ConfuError('INVALID_ARGUMENT', '`dtype` must be one of fp32, fp16, q8, q4');
      }
      for (const receivedBytes of [4, 8]) {
        onProgress?.({ file: 'a.bin', receivedBytes, totalBytes: 8, done: receivedBytes === 8 });
      }
      const dtype = loadRequest.dtype ?? 'fp32';
      return { vocabSize: 512, contextLength: 512, dtype, ownHeads: ['eagle3' as const] };
    },
    async *generate(generateRequest: GenerateRequest, signal?: AbortSignal) {
      if (generateRequest.prompt === '')
        throw new ConfuError('INVALID_ARGUMENT', '`prompt` is empty');
      for (let index = 0; index < limit; index++) {
        if (signal?.aborted) {
          fake.aborted = true;
          return;
        }
        yield chunk(String.fromCharCode(97 + (index % 26)));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    },
    dispose: () => Promise.resolve(),
  };
  return fake;
}

const channels: MessageChannel[] = [];
function connect(decoder: Decoder): DecoderClient {
  const channel = new MessageChannel();
  channels.push(channel);
  serveDecoder(
    decoder,
    channel.port1 as unknown as MessageEndpoint<DecoderRequestMessage, DecoderReplyMessage>,
  );
  channel.port1.start();
  channel.port2.start();
  return new DecoderClient(
    channel.port2 as unknown as MessageEndpoint<DecoderReplyMessage, DecoderRequestMessage>,
  );
}

afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

describe('DecoderClient', () => {
  it('reports the progress of a load, then returns its model info', async () => {
    const client = connect(createFakeDecoder());
    const received: number[] = [];

    const info = await client.load(
      { model: { kind: 'hub', hubId: 'someone/model', endpoint: 'http://hub' } },
      (progress) => received.push(progress.receivedBytes),
    );

    expect({ info, received }).toEqual({
      info: { vocabSize: 512, contextLength: 512, dtype: 'fp32', ownHeads: ['eagle3'] },
      received: [4, 8],
    });
  });

  it('carries the dtype to the worker and back, and a refused one as its ConfuError', async () => {
    const client = connect(createFakeDecoder());
    const model = { kind: 'hub', hubId: 'someone/model', endpoint: 'http://hub' } as const;

    const info = await client.load({ model, dtype: 'q4' });
    const failure = await client
      .load({ model, dtype: 'q2' as ModelDtype })
      .catch((error: unknown) => error);

    expect(info.dtype).toBe('q4');
    expect(ConfuError.isInstance(failure) && failure.toJSON()).toEqual({
      name: 'ConfuError',
      code: 'INVALID_ARGUMENT',
      message: '`dtype` must be one of fp32, fp16, q8, q4',
    });
  });

  it('streams every chunk of a generation', async () => {
    const client = connect(createFakeDecoder(3));
    const texts: string[] = [];

    for await (const piece of client.generate(request)) texts.push(piece.text);

    expect(texts).toEqual(['a', 'b', 'c']);
  });

  it('rebuilds a worker-side ConfuError with its code', async () => {
    const client = connect(createFakeDecoder());

    const failure = await (async () => {
      for await (const _ of client.generate({ ...request, prompt: '' }));
    })().catch((error: unknown) => error);

    expect(ConfuError.isInstance(failure) && failure.toJSON()).toEqual({
      name: 'ConfuError',
      code: 'INVALID_ARGUMENT',
      message: '`prompt` is empty',
    });
  });

  it('ends the stream quietly and stops the worker when the signal aborts', async () => {
    const decoder = createFakeDecoder();
    const client = connect(decoder);
    const controller = new AbortController();
    let count = 0;

    for await (const _ of client.generate(request, controller.signal)) {
      if (++count === 2) controller.abort();
    }

    expect(decoder.aborted).toBe(true);
  });

  it('stops the worker when the consumer breaks out early', async () => {
    const decoder = createFakeDecoder();
    const client = connect(decoder);

    for await (const _ of client.generate(request)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(decoder.aborted).toBe(true);
  });
});
