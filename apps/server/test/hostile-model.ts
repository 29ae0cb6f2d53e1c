import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llamaConfig, makeCheckpoint } from '@confu/checkpoint/testing';

const letters = 'abcdefghijklmnopqrstuvwxyz!'.split('');

/**
 * A prompt on which {@link writeHostileModel}'s tokenizer never finishes: `(a+)+$` backtracks
 * 2^40 times over forty `a`s that are not at the end of the text.
 */
export const hangingPrompt = `${'a'.repeat(40)}!`;

/**
 * Writes a tiny random Llama whose `tokenizer.json` splits text with the catastrophic regex
 * `(a+)+$`: it loads (the load-time probe text has no run of `a`s), serves ordinary prompts, and
 * hangs its worker on {@link hangingPrompt} — the hostile tokenizer of reliability §9.4.
 */
export async function writeHostileModel(): Promise<string> {
  const special = ['<unk>', '<s>', '</s>'];
  const vocab = Object.fromEntries([...special, ...letters].map((token, id) => [token, id]));
  const tokenizer = {
    version: '1.0',
    added_tokens: special.map((content, id) => ({ id, content, special: true })),
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: '(a+)+$' }, behavior: 'Isolated', invert: false },
        { type: 'Split', pattern: { Regex: '.' }, behavior: 'Isolated', invert: false },
      ],
    },
    post_processor: null,
    decoder: null,
    model: { type: 'BPE', vocab, merges: [], unk_token: '<unk>' },
  };
  const encoder = new TextEncoder();
  const { files } = makeCheckpoint({
    config: { ...llamaConfig, vocab_size: 32, max_position_embeddings: 128 },
    files: {
      'tokenizer.json': encoder.encode(JSON.stringify(tokenizer)),
      'tokenizer_config.json': encoder.encode(
        JSON.stringify({ bos_token: '<s>', eos_token: '</s>' }),
      ),
    },
  });
  const directory = await mkdtemp(join(tmpdir(), 'confu-hostile-model-'));
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(directory, name), bytes);
  return directory;
}
