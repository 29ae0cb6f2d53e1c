import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadModel } from '@confu/node';
import {
  createDevExclusion,
  createRecaser,
  generateStories,
  parseCorpusStories,
  parseDevPrompts,
  splitPlainStories,
} from '@confu/trainer';
import type { CorpusStory, DevExclusion } from '@confu/trainer';
import { readTextFile } from '@confu/trainer/node';
import { numberOption, requiredString } from '../cli-options.js';

const sharedDir = (): string => resolve(process.env['CONFU_SHARED_DIR'] ?? '../shared');

export const corpusUsage = `confu corpus --out <file> [options]

  --out <file>             training text: JSON lines {"text", "source"} for \`confu train --method lm\`
  --text-out <file>        the same stories as plain text, three blank lines apart (\`confu tokenizer\`)
  --stories <file>         TinyStories jsonl {id, split, text}; its train split is used as written
                           (default $CONFU_SHARED_DIR or ../shared: corpora/tinystories/stories.jsonl)
  --cased-copies <n>       write each cased train story n times, weighting it against the other
                           sources (default 1)
  --plain <file>           more stories as plain text, one after another (repeatable; e.g.
                           tinystories_more_lowercased.txt); any story equal to one of --stories
                           (ignoring case), dev stories included, is dropped
  --recase                 restore the case of --plain stories from the cased train stories
  --generate <dir>         add stories sampled from BOS by this model (e.g. stories260K), paragraphs
                           one blank line apart as in TinyStories
  --generate-stories <n>   how many (default 0)
  --temperature <t>        sampling temperature of generated stories (default 1)
  --concurrency <n>        stories generated at once (default 2)
  --held-out <n>           the last n clean train stories of --stories go to --eval-out instead
  --eval-out <file>        held-out stories (validation loss during training)
  --questions <file>       dev prompts: stories containing one, or sharing a 13-word run with its
                           reference, are dropped (default .../eval/tinystories/question.jsonl)
  --seed <n>               sampling seed (default 0)
  --threads <n>            ONNX Runtime intra-op threads of --generate (default 1)`;

interface Counts {
  kept: number;
  bytes: number;
  leaks: number;
  duplicates: number;
}

/**
 * \`confu corpus\`: gathers the default model's training text — cased train stories, more stories
 * from plain files (optionally re-cased), stories sampled by a model — dropping every story that
 * leaks a dev prompt, and writes JSON lines. Prints JSON stats on stdout.
 */
export async function runCorpus(argv: string[], signal: AbortSignal): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      'text-out': { type: 'string' },
      stories: { type: 'string' },
      'cased-copies': { type: 'string' },
      plain: { type: 'string', multiple: true },
      recase: { type: 'boolean' },
      generate: { type: 'string' },
      'generate-stories': { type: 'string' },
      temperature: { type: 'string' },
      concurrency: { type: 'string' },
      'held-out': { type: 'string' },
      'eval-out': { type: 'string' },
      questions: { type: 'string' },
      seed: { type: 'string' },
      threads: { type: 'string' },
    },
    strict: true,
  });
  const flags = values as Record<string, string | boolean | undefined>;
  const out = requiredString(flags, 'out');
  const storiesFile = values.stories ?? resolve(sharedDir(), 'corpora/tinystories/stories.jsonl');
  const questions = values.questions ?? resolve(sharedDir(), 'eval/tinystories/question.jsonl');
  const heldOut = numberOption(flags, 'held-out', { integer: true, min: 0 }) ?? 0;
  const evalOut = values['eval-out'];
  if (heldOut > 0 && evalOut === undefined) requiredString(flags, 'eval-out');
  const started = performance.now();
  const exclusion = createDevExclusion(await parseDevPrompts(readTextFile(questions), questions));
  const all: CorpusStory[] = [];
  for await (const story of parseCorpusStories(readTextFile(storiesFile), { label: storiesFile })) {
    all.push(story);
  }
  const known = new Set(all.map((story) => normalize(story.text)));
  const lines: string[] = [];
  const stats: Record<string, Counts> = {};
  const texts: string[] = [];
  const keep = (text: string, source: string, target = lines): void => {
    const counts = (stats[source] ??= { kept: 0, bytes: 0, leaks: 0, duplicates: 0 });
    if (isLeak(exclusion, text)) {
      counts.leaks++;
      return;
    }
    counts.kept++;
    counts.bytes += Buffer.byteLength(text);
    target.push(JSON.stringify({ text, source }));
    if (target === lines) texts.push(text);
  };

  const cased = all.filter((story) => story.split === 'train').map((story) => story.text.trim());
  const clean = cased.filter((text) => !isLeak(exclusion, text));
  const trainCased = clean.slice(0, clean.length - heldOut);
  const evalLines: string[] = [];
  clean.slice(trainCased.length).forEach((text) => keep(text, 'held-out', evalLines));
  const copies = numberOption(flags, 'cased-copies', { integer: true, min: 1 }) ?? 1;
  for (let copy = 0; copy < copies; copy++) trainCased.forEach((text) => keep(text, 'cased'));
  (stats['cased'] ??= { kept: 0, bytes: 0, leaks: 0, duplicates: 0 }).leaks +=
    cased.length - clean.length;
  const recaser = values.recase ? createRecaser(trainCased) : undefined;
  for (const file of values.plain ?? []) {
    for (const story of splitPlainStories(await readFile(file, 'utf8'))) {
      signal.throwIfAborted();
      const source = recaser ? 'recased' : 'plain';
      if (known.has(normalize(story))) {
        (stats[source] ??= { kept: 0, bytes: 0, leaks: 0, duplicates: 0 }).duplicates++;
        continue;
      }
      keep(recaser ? recaser.recase(story) : story, source);
    }
  }
  const count = numberOption(flags, 'generate-stories', { integer: true, min: 0 }) ?? 0;
  if (values.generate !== undefined && count > 0) {
    const model = await loadModel(values.generate, {
      numThreads: numberOption(flags, 'threads', { integer: true, min: 1 }) ?? 1,
    });
    try {
      let tokens = 0;
      for await (const story of generateStories(model, {
        count,
        temperature: numberOption(flags, 'temperature', { min: 0 }) ?? 1,
        seed: numberOption(flags, 'seed', { integer: true, min: 0 }) ?? 0,
        concurrency: numberOption(flags, 'concurrency', { integer: true, min: 1 }) ?? 2,
        signal,
      })) {
        tokens += story.tokens;
        process.stderr.write(
          `\rconfu corpus: ${story.index + 1}/${count} stories, ${tokens} tokens`,
        );
        // stories260K writes one line break between paragraphs; TinyStories text has a blank line.
        if (story.text !== '') keep(story.text.replace(/\n+/g, '\n\n'), 'generated');
      }
      process.stderr.write('\n');
    } finally {
      await model.dispose();
    }
  }
  await mkdir(dirname(resolve(out)), { recursive: true });
  await writeFile(out, `${lines.join('\n')}\n`);
  const textOut = values['text-out'];
  if (textOut !== undefined) {
    await mkdir(dirname(resolve(textOut)), { recursive: true });
    await writeFile(textOut, `${texts.join('\n\n\n\n')}\n`);
  }
  if (evalOut !== undefined) {
    await mkdir(dirname(resolve(evalOut)), { recursive: true });
    await writeFile(evalOut, `${evalLines.join('\n')}\n`);
  }
  process.stdout.write(
    `${JSON.stringify({
      out: resolve(out),
      ...(evalOut ? { evalOut: resolve(evalOut) } : {}),
      stories: lines.length,
      sources: stats,
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    })}\n`,
  );
}

function normalize(text: string): string {
  return text.toLowerCase().split(/\s+/u).filter(Boolean).join(' ');
}

function isLeak(exclusion: DevExclusion, text: string): boolean {
  return exclusion.reason(text) !== undefined;
}
