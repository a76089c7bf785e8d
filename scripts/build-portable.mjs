// npm run build:portable — the portable deck (issue 8 §5) for a park and its deck, into dist-portable/:
//   index.html             open it with a double-click (file://): no server, no network
//   park-atlas-deck.js     the presentation as one classic script (vite.portable.config.ts)
//   park-atlas-deck.css
//   data.js                the layers, the 五规合一 figures and polygons, and a saved deck, as a script: window.__PARK_ATLAS_DATA__
//   说明-README.txt
// Usage: node scripts/build-portable.mjs [--manifest data/sample/index.json] [--deck deck.json] [--out dist-portable]
// The manifest is the app's layer list (data/sample/index.json form); --deck is a deck the editor exported
// ("导出 JSON"); without it the slides are the project's default deck, made by core when the page opens.
// The 五规合一 conflicts are computed here, in Node, with core (scripts/portable-conflicts.ts, the CLI's code path):
// a file:// page cannot start the Web Worker the app runs the check in, and a leader must see the figures and, on
// the conflicts slide's map, the conflict polygons themselves (drawn as the app's 五规合一 panel draws them).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

function usage(message) {
  process.stderr.write(`build-portable: ${message}\nusage: node scripts/build-portable.mjs [--manifest FILE] [--deck FILE] [--out DIR]\n`);
  process.exit(2);
}

function args(argv) {
  const out = { manifest: join(ROOT, 'data/sample/index.json'), deck: null, out: join(ROOT, 'dist-portable') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--manifest') out.manifest = resolve(value());
    else if (a === '--deck') out.deck = resolve(value());
    else if (a === '--out') out.out = resolve(value());
    else usage(`unknown option ${a}`);
  }
  return out;
}

function readJson(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`build-portable: cannot read ${file}: ${e.message}\n`);
    process.exit(1);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    process.stderr.write(`build-portable: ${file} is not valid JSON: ${e.message}\n`);
    process.exit(1);
  }
}

const bilingual = (v) => (typeof v === 'string' ? { zh: v, en: v } : v && typeof v === 'object' && typeof v.zh === 'string' ? { zh: v.zh, en: typeof v.en === 'string' ? v.en : v.zh } : null);

/** JSON as a script: safe inside a classic <script> file (U+2028/2029 escaped for old engines). */
const asScript = (name, value) => `window.${name} = ${JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')};\n`;

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const opts = args(process.argv.slice(2));
if (!existsSync(opts.manifest)) usage(`manifest ${opts.manifest} not found`);
const manifest = readJson(opts.manifest);
if (!manifest || !Array.isArray(manifest.layers)) {
  process.stderr.write(`build-portable: ${opts.manifest}: "layers" must be a list of { "file", "kind" }\n`);
  process.exit(1);
}
const base = dirname(opts.manifest);
const layers = manifest.layers.map((entry, i) => {
  if (!entry || typeof entry.file !== 'string') {
    process.stderr.write(`build-portable: ${opts.manifest}: layers[${i}] has no "file"\n`);
    process.exit(1);
  }
  return { id: entry.file.replace(/\.[^.]+$/, ''), kind: typeof entry.kind === 'string' ? entry.kind : null, file: basename(entry.file), data: readJson(join(base, entry.file)) };
});
const deck = opts.deck ? readJson(opts.deck) : null;
const name = bilingual(manifest.name);

const { tsImport } = await import('tsx/esm/api');
const { portableConflicts } = await tsImport('./portable-conflicts.ts', import.meta.url);
const started = Date.now();
const checked = await portableConflicts(layers);
if (checked) {
  for (const m of checked.messages) process.stderr.write(`build-portable: 五规合一: ${m}\n`);
  const mu = Object.entries(checked.totals).map(([t, m2]) => `${t} ${(m2 * 0.0015).toFixed(1)} 亩`).join(', ');
  process.stderr.write(`build-portable: 五规合一 conflicts in ${Date.now() - started} ms: ${checked.count} polygons inlined; ${mu}\n`);
} else process.stderr.write('build-portable: no park plan and no parcels: the conflicts slide will say "not computed"\n');

const data = { name, reviewDate: typeof manifest.reviewDate === 'string' ? manifest.reviewDate : null, layers, deck, conflicts: checked?.summary ?? null };

process.stderr.write(`build-portable: ${layers.length} layers from ${opts.manifest}${opts.deck ? `, deck ${opts.deck}` : ', default deck'} → ${opts.out}\n`);
await build({ configFile: join(ROOT, 'vite.portable.config.ts'), root: ROOT, logLevel: 'warn', build: { outDir: opts.out, emptyOutDir: true } });

const title = name ? `${name.zh} · 园区一张图 演示` : '园区一张图 演示 · Park Atlas deck';
writeFileSync(join(opts.out, 'data.js'), asScript('__PARK_ATLAS_DATA__', data));
writeFileSync(
  join(opts.out, 'index.html'),
  `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="color-scheme" content="light" />
    <title>${escapeHtml(title)}</title>
    <link rel="stylesheet" href="park-atlas-deck.css" />
  </head>
  <body>
    <div id="root"></div>
    <!-- Classic scripts, no modules and no fetch(): the page works from a USB stick (file://) without a network. -->
    <script src="data.js"></script>
    <script src="park-atlas-deck.js"></script>
  </body>
</html>
`,
);
writeFileSync(
  join(opts.out, '说明-README.txt'),
  `${title}

双击 index.html 打开（Chrome、Edge 等浏览器），无需网络，也无需安装。请保持本文件夹内的文件在一起。
键盘/翻页笔：→ 空格 PageDown 下一页 · ← PageUp 上一页 · 数字+回车 跳页 · F 全屏 · N 备注 · L 中/英文 · Esc 退出全屏
村庄迁并页：↑ ↓ 调整年份；点击村庄行查看该村。

Double-click index.html (Chrome, Edge, …): no network and nothing to install. Keep the files of this folder together.
Keys / clicker: → Space PageDown next · ← PageUp back · number + Enter jump · F full screen · N notes · L language · Esc leave full screen
Relocation slide: ↑ ↓ change the year; click a village's row to see that village.
`,
);
process.stderr.write(`build-portable: wrote ${join(opts.out, 'index.html')}\n`);
