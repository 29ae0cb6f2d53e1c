// End to end in Debian's Chromium (never a browser a test tool downloads): the built app loads the
// default model (models/default.json) with its trained EAGLE-3 head by hub id from a fake hub, keeps
// it in Cache Storage, races plain against speculative decoding, and prints exactly what the Node
// library prints, plain and speculative, with fp32, q8 and q4 weights.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startFakeHub } from '@confu/hub/testing';
import type { FakeHub } from '@confu/hub/testing';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubRepositoryFiles } from './support/hub-repository.js';
import { nodeEagle3Text, nodeGreedyText } from './support/node-reference.js';
import { chromiumPath, defaultModel, e2eSkipReason, repositoryRoot } from './support/paths.js';
import { serveWebApp } from './support/serve-web-app.js';
import type { ServedWebApp } from './support/serve-web-app.js';

const skipReason = e2eSkipReason();
if (skipReason) console.warn(`[confu tests] Chromium end-to-end test skipped: ${skipReason}`);

const prompt = 'Once upon a time';
const maxTokens = 64;
/** The race runs longer, so that its tokens/s are worth reading (the README screenshot). */
const raceTokens = 256;
/** Quantised loads of the served default model (fp32 is every other case's). */
const quantizedDtypes = ['q8', 'q4'] as const;
const hubId = `confu-test/${basename(defaultModel.path)}`;
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
  let hub: FakeHub | undefined;
  let app: ServedWebApp | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let expected: string;
  let expectedRace: string;
  let expectedQuantized: Record<(typeof quantizedDtypes)[number], string>;
  const pageErrors: string[] = [];
  const violations: string[] = [];

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'confu-web-dist-'));
    hub = await startFakeHub({
      repos: { [hubId]: { files: await hubRepositoryFiles(defaultModel) } },
    });
    const head = { model: defaultModel.path, head: defaultModel.heads.eagle3 ?? '' };
    let q8: string, q4: string;
    [app, expected, expectedRace, q8, q4] = await Promise.all([
      serveWebApp(outDir, hub.endpoint),
      nodeGreedyText(defaultModel.path, prompt, maxTokens),
      nodeGreedyText(defaultModel.path, prompt, raceTokens),
      nodeEagle3Text(head, 'q8', prompt, maxTokens),
      nodeEagle3Text(head, 'q4', prompt, maxTokens),
    ]);
    expectedQuantized = { q8, q4 };
    // playwright-core launches with a new, empty profile (--user-data-dir) every time.
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: chromiumArgs,
      headless: true,
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Survives reloads, unlike page state.
    await page.exposeFunction('reportViolation', (violation: string) => violations.push(violation));
    await page.addInitScript(() => {
      const report = (globalThis as unknown as { reportViolation(text: string): void })
        .reportViolation;
      document.addEventListener('securitypolicyviolation', (event) =>
        report(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    await page.goto(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await hub?.close(); // again: closing a closed fake hub resolves
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it("lets the page connect to its own origin and the configured hub's only", async () => {
    const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');

    expect(policy?.split(';').map((directive) => directive.trim())).toContain(
      `connect-src 'self' ${hub?.endpoint}`,
    );
  });

  it('loads the model and its trained heads by hub id, with a progress bar', async () => {
    await page.fill('#hub-id', hubId);
    await page.selectOption('#device', 'wasm');

    await page.click('#load-hub');

    expect(await settle(page), await textOf(page, '#model-status')).toBe('ready');
    const bar = await page.evaluate(() => {
      const progress = document.getElementById('load-progress-bar') as HTMLProgressElement;
      return { value: progress.value, max: progress.max };
    });
    expect(bar.max).toBeGreaterThan(1);
    expect(bar.value).toBe(bar.max);
    // Every file the loader read (the model's, then its heads') was reported, and finished.
    expect(await textOf(page, '#load-progress-text')).toMatch(/ · (\d+) of \1 files · /);
    expect(hub?.requests).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/resolve\/[0-9a-f]{40}\/eagle3\//)]),
    );
    expect(await textOf(page, '#model-status')).toContain('trained heads: EAGLE-3');
  });

  it('lists the model as cached and, after a reload, loads it with the hub down', async () => {
    await page.reload();
    await page.waitForSelector(`#cached-model option:has-text("${hubId}")`, { state: 'attached' });
    await hub?.close();
    await page.selectOption('#device', 'wasm');

    await page.click('#load-cached');

    expect(await settle(page), await textOf(page, '#model-status')).toBe('ready');
    expect(await textOf(page, '#model-status')).toContain('trained heads: EAGLE-3');
  });

  it("prints Node's greedy text with the trained EAGLE-3 head, rounds, bonus tokens and rejected drafts marked", async () => {
    await setGenerationForm(page, { drafter: 'eagle3', head: 'own' });

    await page.click('#generate');

    expect(await settle(page), await textOf(page, '#run-status')).toBe('done');
    expect(expected).not.toBe('');
    expect(await textOf(page, '#single-pane .output')).toBe(expected);
    const marks = await roundMarks(page, '#single-pane');
    expect(marks.rounds).toBeGreaterThan(0);
    expect(marks.accepted).toBeGreaterThan(0);
    expect(marks).toEqual({ ...marks.shown, others: 0, bonusAtMost: true, shown: marks.shown });
  });

  it('races plain against EAGLE-3 after a warm-up: both finish, the speed-up is the ratio of the median rates', async () => {
    await setGenerationForm(page, { drafter: 'eagle3', head: 'own', maxTokens: raceTokens });

    await page.click('#race');

    expect(await settle(page), await textOf(page, '#run-status')).toBe('done');
    const [plainState, specState] = await Promise.all([
      page.getAttribute('#race-plain', 'data-state'),
      page.getAttribute('#race-spec', 'data-state'),
    ]);
    expect([plainState, specState]).toEqual(['done', 'done']);
    expect(await textOf(page, '#race-plain .output')).toBe(expectedRace);
    expect(await textOf(page, '#race-spec .output')).toBe(expectedRace);
    const plainRate = Number(await textOf(page, '#race-plain [data-stat="tokens-per-second"]'));
    const specRate = Number(await textOf(page, '#race-spec [data-stat="tokens-per-second"]'));
    expect(plainRate).toBeGreaterThan(0);
    expect(specRate).toBeGreaterThan(0);
    expect(await textOf(page, '#race-speedup')).toBe(`${(specRate / plainRate).toFixed(2)}×`);
    expect(await textOf(page, '#race-dtype')).toBe('fp32 weights');
    // Each side's rate is the median of its five runs, all listed.
    for (const [pane, rate] of [
      ['#race-plain', plainRate],
      ['#race-spec', specRate],
    ] as const) {
      const runs = (await textOf(page, `${pane} [data-stat="runs"]`)).match(/\d+\.\d/g) ?? [];
      expect(runs).toHaveLength(5);
      expect(runs.map(Number).sort((a, b) => a - b)[2]).toBe(rate);
    }
    const marks = await roundMarks(page, '#race-spec');
    expect(marks.rounds).toBeGreaterThan(0);
    expect(marks).toEqual({ ...marks.shown, others: 0, bonusAtMost: true, shown: marks.shown });
    expect(await page.locator('#race-plain .output *').count()).toBe(0);

    await mkdir(join(repositoryRoot, 'artifacts'), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    if (process.env.CONFU_UPDATE_SCREENSHOTS === '1' || !existsSync(docsScreenshotPath)) {
      await mkdir(join(repositoryRoot, 'docs/images'), { recursive: true });
      await copyFile(screenshotPath, docsScreenshotPath);
    }
  });

  it('loads the default model this app serves from the repository', async () => {
    await page.selectOption('#device', 'wasm');
    await page.waitForSelector('#served-model option:has-text("(default)")', {
      state: 'attached',
    });

    await page.click('#load-served');

    expect(await settle(page), await textOf(page, '#model-status')).toBe('ready');
    expect(await textOf(page, '#model-status')).toContain(
      `Loaded ${basename(defaultModel.path)} (fp32): `,
    );
  });

  it.each([
    { drafter: 'none', head: 'own' },
    { drafter: 'ngram', head: 'own' },
    { drafter: 'eagle3', head: 'own' },
    { drafter: 'confu', head: 'own' },
    { drafter: 'eagle3', head: 'random' },
    { drafter: 'confu', head: 'random' },
  ] as const)("prints Node's greedy text with $drafter ($head head)", async (settings) => {
    await setGenerationForm(page, settings);

    await page.click('#generate');

    expect(await settle(page), await textOf(page, '#run-status')).toBe('done');
    expect(await textOf(page, '#single-pane .output')).toBe(expected);
  });

  // Node converts q8 / q4 `MatMulNBits` at accuracy level 4 (int8 activations), onnxruntime-web at
  // level 0 (float32); for stories260K at these 64 greedy tokens both print the same text, so the
  // page is held to what `@confu/node` prints by default.
  it.each(quantizedDtypes)(
    "reloads the served default model as %s and prints Node's text for it with the trained EAGLE-3 head",
    async (dtype) => {
      // Graphs are converted in the worker's memory: a dtype change loads the model again.
      await page.selectOption('#dtype', dtype);

      expect(await settle(page), await textOf(page, '#model-status')).toBe('ready');
      expect(await textOf(page, '#model-status')).toContain(
        `Loaded ${basename(defaultModel.path)} (${dtype}): `,
      );
      expect(await page.getAttribute('#app', 'data-dtype')).toBe(dtype);

      await setGenerationForm(page, { drafter: 'eagle3', head: 'own' });
      await page.click('#generate');

      expect(await settle(page), await textOf(page, '#run-status')).toBe('done');
      expect(await textOf(page, '#single-pane .output')).toBe(expectedQuantized[dtype]);
    },
  );

  // Without this, a page that ignored the dtype would pass: q8 prints fp32's text here.
  it("has a q4 reference that is not fp32's text", () => {
    expect(expectedQuantized.q4).not.toBe(expected);
  });

  it('ran without page errors or Content-Security-Policy violations', () => {
    expect({ pageErrors, violations }).toEqual({ pageErrors: [], violations: [] });
  });
});

async function setGenerationForm(
  page: Page,
  settings: {
    drafter: 'none' | 'ngram' | 'eagle3' | 'confu';
    head: 'own' | 'random';
    maxTokens?: number;
  },
): Promise<void> {
  await page.fill('#prompt', prompt);
  await page.fill('#max-tokens', String(settings.maxTokens ?? maxTokens));
  await page.fill('#temperature', '0');
  await page.fill('#seed', '0');
  await page.selectOption('#drafter', settings.drafter);
  await page.selectOption('#head-source', settings.head);
}

/**
 * The round marks of a pane's output against its stats bar: one `.round` per round, one
 * `.accepted` per accepted draft token, at most one `.bonus` per round, rejected counts summed from
 * `data-rejected`, and `others`: elements that are none of these (model text is only ever text).
 */
async function roundMarks(page: Page, pane: string) {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector);
    const output = root?.querySelector('.output');
    const stat = (name: string): number =>
      Number(root?.querySelector(`[data-stat="${name}"]`)?.textContent);
    const rounds = output?.querySelectorAll(':scope > .round') ?? [];
    const bonus = output?.querySelectorAll(':scope > .round > .bonus').length ?? 0;
    let rejected = 0;
    for (const round of rounds) rejected += Number((round as HTMLElement).dataset.rejected);
    return {
      rounds: rounds.length,
      accepted: output?.querySelectorAll(':scope > .round > .accepted').length ?? 0,
      rejected,
      others:
        output?.querySelectorAll(':not(.round):not(.round > .accepted):not(.round > .bonus)')
          .length ?? 0,
      bonusAtMost: bonus <= rounds.length && bonus >= rounds.length - 1,
      shown: { rounds: stat('rounds'), accepted: stat('accepted'), rejected: stat('rejected') },
    };
  }, pane);
}

/** Waits until the app is no longer busy and returns its state. */
async function settle(page: Page): Promise<string | undefined> {
  await page.waitForFunction(
    () => !['loading', 'generating'].includes(document.getElementById('app')?.dataset.state ?? ''),
    undefined,
    { timeout: 90_000 },
  );
  return page.evaluate(() => document.getElementById('app')?.dataset.state);
}

async function textOf(page: Page, selector: string): Promise<string> {
  return (await page.textContent(selector)) ?? '';
}
