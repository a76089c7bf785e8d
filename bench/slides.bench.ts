// Presentation mode on the sample park (issue 8): time from a key press to the next slide's data-ready (the map
// redrawn at its new camera, layers and styling, camera flight included), for every step through the default deck
// at 1920×1080 in headless Chromium. Goal: under 1 s. One JSON line.
// Needs a built app (dist/, or BENCH_DIST=folder) and Debian chromium; serves it from its own server on 127.0.0.1.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, serveFolder } from './support';

const ROOT = process.cwd();
const DIST = resolve(process.env.BENCH_DIST ?? join(ROOT, 'dist'));
const GOAL_MS = 1000;

if (!existsSync(join(DIST, 'index.html'))) {
  process.stderr.write(`slides bench: ${DIST}/index.html not found, run \`npm run build\` first (or set BENCH_DIST)\n`);
  process.exit(1);
}

const { base, server } = await serveFolder(DIST);

const profile = mkdtempSync(join(tmpdir(), 'park-atlas-slides-bench-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, viewport: { width: 1920, height: 1080 }, args: CHROMIUM_ARGS,
});

const PRESENT = '[data-testid="presentation"]';
const result: Record<string, unknown> = { bench: 'slides', viewport: '1920x1080', goal_ms: GOAL_MS };
const errors: string[] = [];
try {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message.slice(0, 120)));
  await page.goto(`${base}?lang=zh`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-testid="map"][data-ready="true"]', { timeout: 60_000, state: 'attached' });
  await page.locator('[data-testid="present-start"]').click();
  await page.waitForSelector(`${PRESENT}[data-slide="1"][data-slide-ready="true"]`, { timeout: 60_000, state: 'attached' });
  const count = Number(await page.locator(PRESENT).getAttribute('data-slide-count'));
  // In the page: the time of each key press, and of each slide's data-ready (the attribute flipping to "true").
  await page.evaluate(() => {
    const w = window as unknown as { __slideTimes: { keys: number[]; ready: Record<string, number> } };
    w.__slideTimes = { keys: [], ready: {} };
    window.addEventListener('keydown', () => w.__slideTimes.keys.push(performance.now()), true);
    const root = document.querySelector('[data-testid="presentation"]') as HTMLElement;
    new MutationObserver(() => {
      const n = root.dataset.slide ?? '';
      if (root.dataset.slideReady === 'true' && w.__slideTimes.ready[n] === undefined) w.__slideTimes.ready[n] = performance.now();
    }).observe(root, { attributes: true, attributeFilter: ['data-slide-ready', 'data-slide'] });
  });
  const steps: number[] = [];
  for (let n = 2; n <= count; n++) {
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector(`${PRESENT}[data-slide="${n}"][data-slide-ready="true"]`, { timeout: 30_000, state: 'attached' });
    const t = await page.evaluate((i) => {
      const w = window as unknown as { __slideTimes: { keys: number[]; ready: Record<string, number> } };
      return w.__slideTimes.ready[String(i)] - w.__slideTimes.keys[w.__slideTimes.keys.length - 1];
    }, n);
    steps.push(Math.round(t));
    // Let the slide settle as a speaker would (and the previous flight's last frames finish).
    await page.waitForTimeout(400);
  }
  const sorted = [...steps].sort((a, b) => a - b);
  result.slides = count;
  result.transition_ms = steps;
  result.median_ms = sorted[Math.floor(sorted.length / 2)];
  result.max_ms = sorted[sorted.length - 1];
  result.under_goal = steps.filter((t) => t < GOAL_MS).length;
  result.page_errors = errors;
} catch (e) {
  result.error = String((e as Error).message).split('\n')[0].slice(0, 200);
} finally {
  await ctx.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
