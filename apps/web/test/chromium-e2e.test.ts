// End to end in Debian's Chromium (never a browser a test tool downloads): the built app loads
// stories260K by URL and must print exactly what the Node CLI prints, plain and speculative.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeGreedyText } from './support/node-reference.js';
import { chromiumPath, e2eSkipReason, repositoryRoot, storiesDirectory } from './support/paths.js';
import { serveWebApp } from './support/serve-web-app.js';
import type { ServedWebApp } from './support/serve-web-app.js';

const skipReason = e2eSkipReason();
if (skipReason) console.warn(`[confu tests] Chromium end-to-end test skipped: ${skipReason}`);

const prompt = 'Once upon a time';
const maxTokens = 64;
// As node.md's "Known to work": no sandbox as root, no GPU, no background connections.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const screenshotPath = join(repositoryRoot, 'artifacts/web-e2e.png');
const docsScreenshotPath = join(repositoryRoot, 'docs/images/web-app.png');

describe.skipIf(skipReason !== undefined)('apps/web in Debian Chromium', () => {
  let outDir: string;
  let app: ServedWebApp | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let expected: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'confu-web-dist-'));
    [app, expected] = await Promise.all([
      serveWebApp(outDir),
      nodeGreedyText(storiesDirectory, prompt, maxTokens),
    ]);
    // playwright-core launches with a new, empty profile (--user-data-dir) every time.
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: chromiumArgs,
      headless: true,
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 840 } });
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.addInitScript(() => {
      const violations: string[] = [];
      Object.assign(globalThis, { cspViolations: violations });
      document.addEventListener('securitypolicyviolation', (event) =>
        violations.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    await page.goto(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('loads stories260K by URL on wasm', async () => {
    await page.fill('#model-url', '/models/stories260K/');
    await page.fill('#model-url-files', 'stories260K.bin\ntok512.bin');
    await page.selectOption('#device', 'wasm');

    await page.click('#load-url');

    expect(await settle(page), await textOf(page, '#model-status')).toBe('ready');
  });

  it('prints the Node CLI greedy text with plain decoding', async () => {
    await setGenerationForm(page, 'none');

    await page.click('#generate');

    expect(await settle(page), await textOf(page, '#run-status')).toBe('done');
    expect(expected).not.toBe('');
    expect(await textOf(page, '#output')).toBe(expected);
    expect(await page.locator('#output .accepted').count()).toBe(0);
  });

  it('prints the same text with n-gram speculative decoding and highlights accepted drafts', async () => {
    await setGenerationForm(page, 'ngram');

    await page.click('#generate');

    expect(await settle(page), await textOf(page, '#run-status')).toBe('done');
    expect(await textOf(page, '#output')).toBe(expected);
    // Model text is only ever text: the output holds nothing but the highlight spans.
    expect(await page.locator('#output *:not(span.accepted)').count()).toBe(0);
    expect(Number(await textOf(page, '#stat-tau'))).toBeGreaterThanOrEqual(1);
    await mkdir(join(repositoryRoot, 'artifacts'), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    if (process.env.CONFU_UPDATE_SCREENSHOTS === '1' || !existsSync(docsScreenshotPath)) {
      await mkdir(join(repositoryRoot, 'docs/images'), { recursive: true });
      await copyFile(screenshotPath, docsScreenshotPath);
    }
  });

  it.each(['eagle3', 'confu'] as const)(
    'prints the same text with a seeded random %s head',
    async (drafter) => {
      await setGenerationForm(page, drafter);

      await page.click('#generate');

      expect(await settle(page), await textOf(page, '#run-status')).toBe('done');
      expect(await textOf(page, '#output')).toBe(expected);
    },
  );

  it('ran without page errors or Content-Security-Policy violations', async () => {
    const violations = await page.evaluate(
      () => (globalThis as unknown as { cspViolations: string[] }).cspViolations,
    );

    expect({ pageErrors, violations }).toEqual({ pageErrors: [], violations: [] });
  });
});

async function setGenerationForm(
  page: Page,
  drafter: 'none' | 'ngram' | 'eagle3' | 'confu',
): Promise<void> {
  await page.fill('#prompt', prompt);
  await page.fill('#max-tokens', String(maxTokens));
  await page.fill('#temperature', '0');
  await page.fill('#seed', '0');
  await page.selectOption('#drafter', drafter);
}

/** Waits until the app is no longer busy and returns its state. */
async function settle(page: Page): Promise<string | undefined> {
  await page.waitForFunction(
    () => !['loading', 'generating'].includes(document.getElementById('app')?.dataset.state ?? ''),
    undefined,
    { timeout: 60_000 },
  );
  return page.evaluate(() => document.getElementById('app')?.dataset.state);
}

async function textOf(page: Page, selector: string): Promise<string> {
  return (await page.textContent(selector)) ?? '';
}
