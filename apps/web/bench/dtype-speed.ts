// Decode tokens/s of the served default model in the page, per dtype: the built app in Debian's
// Chromium (wasm, one thread) races plain decoding against the trained EAGLE-3 head (the race's
// warm-up, then the median of 5 runs a side) for fp32, q8 and q4 in turn, `--rounds` times, and
// prints the median of each dtype's rounds. Speed is measured here, never asserted in tests.
//   pnpm --filter @app/web bench:dtype [--tokens 256] [--rounds 3]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { median } from '../src/race.js';
import { chromiumPath, defaultModel, e2eSkipReason } from '../test/support/paths.js';
import { serveWebApp } from '../test/support/serve-web-app.js';

const dtypes = ['fp32', 'q8', 'q4'] as const;
const { values } = parseArgs({
  options: {
    tokens: { type: 'string', default: '256' },
    rounds: { type: 'string', default: '3' },
  },
});
const tokens = Number(values.tokens);
const rounds = Number(values.rounds);

const skipReason = e2eSkipReason();
if (skipReason) throw new Error(`cannot measure: ${skipReason}`);

const outDir = await mkdtemp(join(tmpdir(), 'confu-web-bench-'));
// No hub is used: the page loads the model the preview server serves from the repository.
const app = await serveWebApp(outDir, 'http://127.0.0.1:9');
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  headless: true,
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(600_000);
  await page.goto(app.url);
  await page.selectOption('#device', 'wasm');
  await page.waitForSelector('#served-model option:has-text("(default)")', { state: 'attached' });
  await page.click('#load-served');
  await settled(page, 'ready');
  const rows: { dtype: string; plain: number; eagle3: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const dtype of dtypes) {
      await page.selectOption('#dtype', dtype);
      await settled(page, 'ready');
      await page.fill('#prompt', 'Once upon a time');
      await page.fill('#max-tokens', String(tokens));
      await page.fill('#temperature', '0');
      await page.selectOption('#drafter', 'eagle3');
      await page.selectOption('#head-source', 'own');
      await page.click('#race');
      await settled(page, 'done');
      const rate = async (pane: string): Promise<number> =>
        Number(await page.textContent(`${pane} [data-stat="tokens-per-second"]`));
      const row = {
        dtype: (await page.getAttribute('#race-dtype', 'data-value')) ?? '?',
        plain: await rate('#race-plain'),
        eagle3: await rate('#race-spec'),
      };
      console.log(JSON.stringify({ round, ...row }));
      rows.push(row);
    }
  }
  console.log(
    `\n${basename(defaultModel.path)}, ${tokens} tokens, greedy, wasm (1 thread): decode tokens/s, ` +
      `median of ${rounds} rounds (each the median of 5 runs):\n`,
  );
  console.log('| dtype | plain | EAGLE-3 (trained head) |\n|---|---|---|');
  for (const dtype of dtypes) {
    const mine = rows.filter((row) => row.dtype === dtype);
    const plain = median(mine.map((row) => row.plain));
    const eagle3 = median(mine.map((row) => row.eagle3));
    console.log(`| ${dtype} | ${plain.toFixed(1)} | ${eagle3.toFixed(1)} |`);
  }
} finally {
  await browser.close();
  await app.close();
  await rm(outDir, { recursive: true, force: true });
}

/** Waits until the page is no longer busy; throws with its status unless it reached `state`. */
async function settled(page: Page, state: string): Promise<void> {
  await page.waitForFunction(
    () => !['loading', 'generating'].includes(document.getElementById('app')?.dataset.state ?? ''),
  );
  const reached = await page.evaluate(() => document.getElementById('app')?.dataset.state);
  if (reached !== state) {
    const status = await page.textContent(state === 'ready' ? '#model-status' : '#run-status');
    throw new Error(`the page is ${reached}, not ${state}: ${status}`);
  }
}
