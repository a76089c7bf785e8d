// npm run workbook:png — the sample park's review register (审查台账) as LibreOffice prints it: the CLI writes the
// workbook, `libreoffice --headless --convert-to pdf` prints it with the page setup the workbook carries, and
// `pdftoppm -r 80` turns each page into a PNG named after its sheet, so a person can look at how it prints.
// Fails (exit 1) when a cell prints as ### (column too narrow) or a sheet's width does not fit on its pages.
// Usage: node scripts/workbook-png.mjs [OUT_DIR] [--lang zh|en]   (OUT_DIR default test-results/workbook)
// Needs the Debian packages libreoffice-calc and poppler-utils (pdftoppm, pdftotext).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const REVIEW_DATE = '2026-06-30';

function usage(message) {
  process.stderr.write(`workbook-png: ${message}\nusage: node scripts/workbook-png.mjs [OUT_DIR] [--lang zh|en]\n`);
  process.exit(2);
}
function fail(message) {
  process.stderr.write(`workbook-png: ${message}\n`);
  process.exit(1);
}

let outDir = join(ROOT, 'test-results/workbook');
let lang = 'zh';
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--lang') lang = argv[++i] ?? usage('--lang needs a value');
  else if (argv[i].startsWith('-')) usage(`unknown option ${argv[i]}`);
  else outDir = resolve(argv[i]);
}
if (lang !== 'zh' && lang !== 'en') usage('--lang is zh or en');
for (const tool of ['libreoffice', 'pdftoppm', 'pdftotext']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) fail(`${tool} not found: apt-get install libreoffice-calc poppler-utils`);
}

/** Runs a command; its stdout, or exit 1 with its output. */
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}\n${r.stderr || r.stdout}`);
  return r.stdout;
}

mkdirSync(outDir, { recursive: true });
const name = lang === 'zh' ? 'register' : 'register-en';
const xlsx = join(outDir, `${name}.xlsx`);
const pdf = join(outDir, `${name}.pdf`);
for (const f of readdirSync(outDir)) if (f.startsWith(`${name}-`) && f.endsWith('.png')) rmSync(join(outDir, f));
rmSync(pdf, { force: true });

// ---- the workbook, by the command line as a user runs it
const sample = readdirSync(join(ROOT, 'data/sample')).filter((f) => f.endsWith('.geojson')).sort().map((f) => `data/sample/${f}`);
const summary = JSON.parse(run(process.execPath, ['bin/park-atlas.mjs', 'report', ...sample, '-o', xlsx, '--review-date', REVIEW_DATE, '--lang', lang]));

// ---- printed by LibreOffice, with a profile of its own (a running LibreOffice or the user's profile is not touched)
const profile = mkdtempSync(join(tmpdir(), 'park-atlas-lo-'));
try {
  run('libreoffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, xlsx]);
} finally {
  rmSync(profile, { recursive: true, force: true });
}
if (!existsSync(pdf)) fail(`LibreOffice wrote no ${pdf}`);
run('pdftoppm', ['-r', '80', '-png', pdf, join(outDir, 'page')]);

// ---- each page named after its sheet (the page header carries the sheet's name), checked
const shown = (path) => (path.startsWith(`${ROOT}/`) ? relative(ROOT, path) : path);
const wb = new ExcelJS.Workbook();
await wb.xlsx.readFile(xlsx);
/** The first characters of a sheet's first and last headers (a wrapped header keeps them on its first line). */
const edges = new Map(summary.sheets.map((s) => {
  const headers = wb.getWorksheet(s.name).getRow(1).values.slice(1).map((v) => String(v).replace(/\s+/g, ''));
  return [s.key, [headers[0].slice(0, 3), headers[headers.length - 1].slice(0, 3)]];
}));
const pageText = (n) => run('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-']);
const pngs = readdirSync(outDir).filter((f) => /^page-\d+\.png$/.test(f)).sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
const byName = [...summary.sheets].sort((a, b) => b.name.length - a.name.length);
const seen = new Map();
const problems = [];
const lines = [];
pngs.forEach((png, i) => {
  const n = i + 1;
  const text = pageText(n);
  const head = text.split('\n').find((l) => l.trim()) ?? '';
  const sheet = byName.find((s) => head.trim().startsWith(s.name));
  if (!sheet) {
    problems.push(`page ${n}: no sheet name in its header (${JSON.stringify(head.trim().slice(0, 60))})`);
    return;
  }
  const k = (seen.get(sheet.key) ?? 0) + 1;
  seen.set(sheet.key, k);
  const target = join(outDir, `${name}-${sheet.key}-${k}.png`);
  renameSync(join(outDir, png), target);
  if (/#{3,}/.test(text)) problems.push(`page ${n} (${sheet.name}): a cell prints as ### (its column is too narrow)`);
  // The header row repeats on every page: a sheet cut into strips side by side lacks its first or last column there.
  const flat = text.replace(/\s+/g, '');
  for (const edge of edges.get(sheet.key)) if (!flat.includes(edge)) problems.push(`page ${n} (${sheet.name}): no column "${edge}…": the sheet's width is cut across pages`);
  lines.push(`page ${n}: ${sheet.name} (${sheet.key}) page ${k} → ${shown(target)}`);
});
for (const s of summary.sheets) if (!seen.has(s.key)) problems.push(`sheet ${s.name} printed no page`);

process.stdout.write(`${shown(xlsx)} → ${shown(pdf)}, ${pngs.length} pages\n${lines.join('\n')}\n`);
if (problems.length) fail(problems.join('\n'));
