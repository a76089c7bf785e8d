// npm run deck:pdf — the portable deck as a PDF, one 1920×1080 page per slide (issue 8 §5), for sending ahead of a
// meeting or printing. Each slide is drawn by the portable deck itself in headless Chromium (playwright-core,
// Debian chromium) from file://, captured when its map is ready, and the pictures are printed one per page.
// Usage: node scripts/deck-pdf.mjs [--in dist-portable] [--out dist-portable/园区演示.pdf] [--lang zh|en]
// Run `npm run build:portable` first.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ARGS = ['--no-sandbox', '--disable-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const SIZE = { width: 1920, height: 1080 };

function usage(message) {
  process.stderr.write(`deck-pdf: ${message}\nusage: node scripts/deck-pdf.mjs [--in DIR] [--out FILE.pdf] [--lang zh|en]\n`);
  process.exit(2);
}

const opts = { in: join(ROOT, 'dist-portable'), out: null, lang: 'zh' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const value = () => argv[++i] ?? usage(`${argv[i - 1]} needs a value`);
  if (argv[i] === '--in') opts.in = resolve(value());
  else if (argv[i] === '--out') opts.out = resolve(value());
  else if (argv[i] === '--lang') opts.lang = value();
  else usage(`unknown option ${argv[i]}`);
}
if (opts.lang !== 'zh' && opts.lang !== 'en') usage('--lang is zh or en');
const html = join(opts.in, 'index.html');
if (!existsSync(html)) {
  process.stderr.write(`deck-pdf: ${html} not found: run \`npm run build:portable\` first\n`);
  process.exit(1);
}
const out = opts.out ?? join(opts.in, opts.lang === 'zh' ? '园区演示.pdf' : 'park-deck.pdf');
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
if (!executablePath) {
  process.stderr.write('deck-pdf: Chromium not found: run scripts/ensure-chromium.sh (or set CHROMIUM_PATH)\n');
  process.exit(1);
}

const PRESENT = '[data-testid="presentation"]';
const profile = mkdtempSync(join(tmpdir(), 'park-atlas-pdf-'));
const ctx = await chromium.launchPersistentContext(profile, { executablePath, headless: true, viewport: SIZE, args: ARGS });
let failed = false;
try {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
  await page.waitForSelector(`${PRESENT}[data-slide="1"][data-slide-ready="true"]`, { timeout: 60_000, state: 'attached' });
  if (opts.lang === 'en') {
    await page.keyboard.press('l');
    await page.waitForSelector(`${PRESENT}[data-lang="en"][data-slide-ready="true"]`, { timeout: 30_000, state: 'attached' });
  }
  const count = Number(await page.locator(PRESENT).getAttribute('data-slide-count'));
  const shots = [];
  for (let n = 1; n <= count; n++) {
    if (n > 1) await page.keyboard.press('ArrowRight');
    await page.waitForSelector(`${PRESENT}[data-slide="${n}"][data-slide-ready="true"]`, { timeout: 30_000, state: 'attached' });
    await page.waitForTimeout(450); // the panel's fade-in
    shots.push((await page.screenshot({ type: 'png' })).toString('base64'));
    process.stderr.write(`deck-pdf: slide ${n}/${count}\n`);
  }
  if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
  const pdfPage = await ctx.newPage();
  await pdfPage.setContent(`<!doctype html><html><head><style>
    @page { size: ${SIZE.width}px ${SIZE.height}px; margin: 0; }
    html, body { margin: 0; padding: 0; }
    img { display: block; width: ${SIZE.width}px; height: ${SIZE.height}px; break-after: page; }
    img:last-child { break-after: auto; }
  </style></head><body>${shots.map((b, i) => `<img alt="slide ${i + 1}" src="data:image/png;base64,${b}">`).join('')}</body></html>`, { waitUntil: 'load' });
  const pdf = await pdfPage.pdf({ width: `${SIZE.width}px`, height: `${SIZE.height}px`, printBackground: true, margin: { top: 0, right: 0, bottom: 0, left: 0 } });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  if (pages !== count) throw new Error(`the PDF has ${pages} pages for ${count} slides`);
  writeFileSync(out, pdf);
  process.stderr.write(`deck-pdf: ${count} pages → ${out} (${Math.round(pdf.length / 1024)} KB)\n`);
} catch (e) {
  failed = true;
  process.stderr.write(`deck-pdf: ${e?.message ?? e}\n`);
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
