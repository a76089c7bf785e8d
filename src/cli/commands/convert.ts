// `park-atlas convert IN [--zone N] [--from EPSG:xxxx] [-o OUT] [--encoding gbk|utf-8]` (DESIGN §10):
// 坐标TXT, Shapefile (.zip or .shp beside its .dbf/.prj/.cpg), KML/KMZ or projected GeoJSON → GeoJSON
// FeatureCollection in lon/lat (CGCS2000) on stdout or to -o x.geojson; -o x.txt writes a standard 坐标TXT.
// Input formats are a table (INPUT_FORMATS), one entry per reader.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FeatureCollection, Position } from 'geojson';
import { describeZone, zoneFromNumber, type GaussKrugerZone, type Message } from '../../core/geodesy/gaussKruger';
import { looksLikeCoordTxt, readCoordTxt, writeCoordTxt } from '../../core/io/coordTxt';
import { decodeText } from '../../core/io/encoding';
import { parseJsonText } from '../../core/io/geojson';
import { readKml, readKmz, type KmlResult } from '../../core/io/kml';
import { readCrsName, readProjectedGeoJson } from '../../core/io/projected';
import { readShapefileFiles, readShapefileZip, type InputFile, type ShapefileResult } from '../../core/io/shapefile';
import { shapefileToLonLat } from '../../core/io/shapefileCrs';
import { isZip, listZip } from '../../core/io/zipRead';
import { problem, type Problem } from '../../core/schema/problems';
import { inferKind } from '../../core/schema/validate';
import type { Locale } from '../../core/units';
import { printProblems, readBytes, UsageError, type Command } from '../common';

/** What the user said about the input's coordinates. */
export interface ConvertInput {
  path: string;
  bytes: Uint8Array;
  /** --zone N, checked: a CGCS2000 zone. */
  zone?: GaussKrugerZone;
  /** --from EPSG:xxxx as given. */
  from?: string;
}

export interface ConvertedLayer {
  /** A GeoJSON FeatureCollection in lon/lat, foreign members (kind, coordTxt …) kept. */
  layer: Record<string, unknown> & { features: unknown[] };
  /** The Gauss-Kruger zone the input was in, when it was projected. */
  zone: GaussKrugerZone | null;
  /** Why that zone, for the user to check. */
  zoneReason: Message | null;
  /** Warnings. */
  problems: Problem[];
}

export type ConvertResult = { ok: true; value: ConvertedLayer } | { ok: false; problems: Problem[] };

export interface InputFormat {
  name: string;
  /** Lower-case file extensions (with the dot) that select this format. */
  extensions: readonly string[];
  /** A look at the content, for files whose extension selects no format. */
  sniff(bytes: Uint8Array): boolean;
  read(input: ConvertInput): Promise<ConvertResult>;
}

const headText = (bytes: Uint8Array) => decodeText(bytes.subarray(0, 20_000)).text;

const coordTxtFormat: InputFormat = {
  name: '坐标TXT',
  extensions: ['.txt'],
  sniff: (bytes) => looksLikeCoordTxt(headText(bytes)),
  async read({ path, bytes, zone, from }) {
    let optionZone = zone;
    if (from !== undefined) {
      const crs = readCrsName(from);
      if (crs.kind !== 'gauss-kruger') {
        return { ok: false, problems: [problem('error', 'crs-mismatch', { file: path }, `a 坐标TXT holds Gauss-Kruger coordinates, but --from ${from} is not a Gauss-Kruger zone`, `坐标TXT 为高斯投影坐标，但 --from ${from} 不是高斯投影分带`)] };
      }
      optionZone = crs.zone;
    }
    const r = readCoordTxt(bytes, path, { zone: optionZone });
    if (!r.ok) return r;
    return { ok: true, value: { layer: r.value.layer as unknown as ConvertedLayer['layer'], zone: r.value.zone, zoneReason: r.value.zoneReason, problems: r.value.problems } };
  },
};

const geoJsonFormat: InputFormat = {
  name: 'GeoJSON',
  extensions: ['.geojson', '.json'],
  sniff: (bytes) => /^\s*\{/.test(headText(bytes).replace(/^\uFEFF/, '')),
  async read({ path, bytes, zone, from }) {
    const parsed = parseJsonText(decodeText(bytes).text, path);
    if (!parsed.ok) return parsed;
    const r = readProjectedGeoJson(parsed.value, path, { zone, from });
    if (!r.ok) return r;
    let json = r.value.json;
    if (json.type === 'Feature') json = { type: 'FeatureCollection', features: [json] };
    if (json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
      return { ok: false, problems: [...r.value.problems, problem('error', 'wrong-type', { file: path }, `top-level type is ${JSON.stringify(json.type) ?? 'missing'}, expected "FeatureCollection"`, `顶层类型为 ${JSON.stringify(json.type) ?? '缺失'}，应为 "FeatureCollection"`)] };
    }
    const layer = json as ConvertedLayer['layer'];
    if (typeof layer.kind !== 'string') {
      const kind = inferKind(layer.features);
      if (kind) layer.kind = kind;
    }
    const z = r.value.zone;
    const zoneReason = z ? { en: r.value.reasons.map((m) => m.en).join('; '), zh: r.value.reasons.map((m) => m.zh).join('；') } : null;
    return { ok: true, value: { layer, zone: z, zoneReason, problems: r.value.problems } };
  },
};

const joinMessages = (ms: Message[]): Message | null => (ms.length === 0 ? null : { en: ms.map((m) => m.en).join('; '), zh: ms.map((m) => m.zh).join('；') });
const hasError = (problems: readonly Problem[]) => problems.some((p) => p.severity === 'error');

/** One Shapefile read from a zip or loose parts → lon/lat, reprojected from the .prj's Gauss-Kruger zone. */
function shapefileLayer(path: string, result: ShapefileResult, zone: GaussKrugerZone | undefined, from: string | undefined): ConvertResult {
  if (!result.ok) return result;
  if (result.layers.length > 1) {
    const names = result.layers.map((l) => l.files.shp).join(', ');
    return { ok: false, problems: [...result.problems, problem('error', 'shapefile-several', { file: path }, `holds ${result.layers.length} Shapefiles (${names}); convert writes one layer: give one .shp with its .dbf/.prj beside it`, `包含 ${result.layers.length} 个 Shapefile（${names}）；convert 只输出一个图层：请给出单个 .shp（及同名 .dbf/.prj）`)] };
  }
  const layer = result.layers[0];
  const problems = [...result.problems, ...layer.problems];
  if (hasError(problems)) return { ok: false, problems };
  const lonLat = shapefileToLonLat(layer, { zone, from });
  if (!lonLat.ok) return { ok: false, problems: [...problems, ...lonLat.problems] };
  const { features, zone: z, reasons } = lonLat.value;
  const kind = layer.kind ?? inferKind(features);
  const out: ConvertedLayer['layer'] = { type: 'FeatureCollection', ...(kind ? { kind } : {}), name: layer.name, features };
  return { ok: true, value: { layer: out, zone: z, zoneReason: z ? joinMessages(reasons) : null, problems: [...problems, ...lonLat.value.problems] } };
}

const SHAPEFILE_PARTS = new Set(['.shp', '.dbf', '.shx', '.prj', '.cpg']);

const shapefileZipFormat: InputFormat = {
  name: 'Shapefile zip',
  extensions: ['.zip'],
  sniff: (bytes) => {
    if (!isZip(bytes)) return false;
    const listing = listZip(bytes, 'zip');
    return listing.ok && listing.entries.some((e) => /\.shp$/i.test(e.name));
  },
  async read({ path, bytes, zone, from }) {
    return shapefileLayer(path, readShapefileZip(bytes, path), zone, from);
  },
};

const shapefilePartsFormat: InputFormat = {
  name: 'Shapefile',
  extensions: ['.shp'],
  // The file code 9994, big-endian, opens every .shp.
  sniff: (bytes) => bytes.length >= 100 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x27 && bytes[3] === 0x0a,
  async read({ path, bytes, zone, from }) {
    // The .dbf, .shx, .prj and .cpg travel beside the .shp under the same base name (any letter case).
    const dir = dirname(path);
    const stem = basename(path).replace(/\.[^.]*$/, '').toLowerCase();
    const files: InputFile[] = [{ name: path, bytes }];
    let names: string[] = [];
    try {
      names = await readdir(dir);
    } catch {
      // an unreadable folder: the .shp alone is still read (the reader says what is missing)
    }
    for (const name of names) {
      const ext = /\.[^.]*$/.exec(name.toLowerCase())?.[0] ?? '';
      const isPart = SHAPEFILE_PARTS.has(ext) || name.toLowerCase().endsWith('.parkatlas');
      if (!isPart || ext === '.shp' || name.toLowerCase().slice(0, name.length - ext.length) !== stem) continue;
      try {
        files.push({ name: join(dir, name), bytes: new Uint8Array(await readFile(join(dir, name))) });
      } catch {
        // unreadable part: reported as missing by the reader
      }
    }
    return shapefileLayer(path, readShapefileFiles(files), zone, from);
  },
};

/** KML is longitude/latitude (WGS 84) by definition: only --from EPSG:4490/4326 makes sense with it. */
function kmlLayer(path: string, result: KmlResult, from: string | undefined): ConvertResult {
  if (!result.ok) return result;
  const problems = [...result.problems];
  if (from !== undefined && readCrsName(from).kind !== 'lonlat') {
    problems.push(problem('error', 'crs-mismatch', { file: path }, `KML coordinates are always longitude/latitude, but --from ${from} names a projection`, `KML 坐标总是经纬度，但 --from ${from} 为投影坐标系`));
  }
  if (hasError(problems)) return { ok: false, problems };
  const { features, name } = result.layer;
  const kind = inferKind(features);
  return { ok: true, value: { layer: { type: 'FeatureCollection', ...(kind ? { kind } : {}), name, features }, zone: null, zoneReason: null, problems } };
}

const kmlFormat: InputFormat = {
  name: 'KML',
  extensions: ['.kml'],
  sniff: (bytes) => /<kml[\s>]/i.test(headText(bytes)),
  async read({ path, bytes, from }) {
    return kmlLayer(path, readKml(bytes, path), from);
  },
};

const kmzFormat: InputFormat = {
  name: 'KMZ',
  extensions: ['.kmz'],
  sniff: (bytes) => {
    if (!isZip(bytes)) return false;
    const listing = listZip(bytes, 'kmz');
    return listing.ok && listing.entries.some((e) => /\.kml$/i.test(e.name)) && !listing.entries.some((e) => /\.shp$/i.test(e.name));
  },
  async read({ path, bytes, from }) {
    return kmlLayer(path, readKmz(bytes, path), from);
  },
};

/** Input formats by extension, then by content (in this order). */
export const INPUT_FORMATS: InputFormat[] = [coordTxtFormat, geoJsonFormat, shapefileZipFormat, shapefilePartsFormat, kmlFormat, kmzFormat];

export function formatOf(path: string, bytes: Uint8Array): InputFormat | null {
  const ext = /\.[^./\\]+$/.exec(path.toLowerCase())?.[0] ?? '';
  return INPUT_FORMATS.find((f) => f.extensions.includes(ext)) ?? INPUT_FORMATS.find((f) => f.sniff(bytes)) ?? null;
}

/** Rounds lon/lat to 1e-9° (≈ 0.1 mm): full doubles would double the file for digits below survey precision. */
function roundPositions(node: unknown): unknown {
  if (Array.isArray(node)) {
    if (node.length >= 2 && typeof node[0] === 'number' && typeof node[1] === 'number') {
      return (node as Position).map((v) => Math.round(v * 1e9) / 1e9);
    }
    return node.map(roundPositions);
  }
  return node;
}

function roundGeometry(g: unknown): unknown {
  if (!g || typeof g !== 'object') return g;
  const o = g as Record<string, unknown>;
  if (Array.isArray(o.geometries)) return { ...o, geometries: o.geometries.map(roundGeometry) };
  return 'coordinates' in o ? { ...o, coordinates: roundPositions(o.coordinates) } : o;
}

/** The collection as text, one feature per line, `type` and `kind` first. */
export function geoJsonText(layer: ConvertedLayer['layer']): string {
  const { type, kind, features, ...rest } = layer;
  const headMembers = { type, ...(kind !== undefined ? { kind } : {}), ...rest };
  const head = JSON.stringify(headMembers).slice(0, -1);
  const lines = features.map((f) => {
    const feature = f as Record<string, unknown>;
    return JSON.stringify({ ...feature, geometry: roundGeometry(feature.geometry) });
  });
  return `${head},"features":[\n${lines.join(',\n')}\n]}`;
}

function zoneOption(value: string | true | undefined): GaussKrugerZone | undefined {
  if (typeof value !== 'string') return undefined;
  const z = /^\d+$/.test(value) ? zoneFromNumber(Number(value)) : null;
  if (!z) throw new UsageError(`--zone must be a CGCS2000 zone number: 25–45 for 3° zones, 13–23 for 6° zones; found ${value}`);
  return z;
}

function noteZone(path: string, zone: GaussKrugerZone, reason: Message | null, locale: Locale): string {
  const d = describeZone(zone)[locale];
  return reason && reason[locale] ? `${path}: ${d}${locale === 'zh' ? '，依据：' : ' — '}${reason[locale]}` : `${path}: ${d}`;
}

export const convertCommand: Command = {
  usage: `  convert IN [--zone N] [--from EPSG:xxxx] [-o OUT] [--encoding gbk|utf-8]
      坐标TXT, Shapefile (.zip, or .shp with its .dbf/.prj beside it), KML/KMZ or projected (Gauss-Kruger)
      GeoJSON to GeoJSON in longitude/latitude on stdout, or to -o x.geojson; -o x.txt writes a standard 坐标TXT (GBK unless --encoding utf-8). --zone N (3°: 25–45,
      6°: 13–23) or --from EPSG:xxxx names the zone when the input does not; for a lon/lat input, --zone
      picks the zone of the 坐标TXT written.`,
  valueOptions: ['--zone', '--from', '-o', '--output', '--encoding'],
  async run(parsed, locale, io) {
    if (parsed.files.length !== 1) throw new UsageError(`convert needs exactly one input file, found ${parsed.files.length}`);
    const path = parsed.files[0];
    const zone = zoneOption(parsed.options.get('--zone'));
    const fromValue = parsed.options.get('--from');
    const from = typeof fromValue === 'string' ? fromValue : undefined;
    if (from !== undefined) {
      const crs = readCrsName(from);
      if (crs.kind === 'unsupported') throw new UsageError(`--from must be EPSG:4490 (CGCS2000 lon/lat) or a CGCS2000 Gauss-Kruger code EPSG:4491…4554; found ${from}`);
      if (zone && crs.kind === 'gauss-kruger' && crs.zone.zone !== zone.zone) throw new UsageError(`--zone ${zone.zone} and --from ${from} (zone ${crs.zone.zone}) disagree`);
    }
    const outValue = parsed.options.get('-o') ?? parsed.options.get('--output');
    const out = typeof outValue === 'string' && outValue !== '-' ? outValue : null;
    const outExt = out ? /\.[^./\\]+$/.exec(out.toLowerCase())?.[0] ?? '' : '.geojson';
    if (!['.geojson', '.json', '.txt'].includes(outExt)) throw new UsageError(`-o must name a .geojson, .json or .txt file, found ${out}`);
    const encodingValue = parsed.options.get('--encoding');
    let encoding: 'gbk' | 'utf-8' = 'gbk';
    if (typeof encodingValue === 'string') {
      if (outExt !== '.txt') throw new UsageError('--encoding applies to a 坐标TXT written with -o x.txt');
      const e = encodingValue.toLowerCase();
      if (e === 'gbk') encoding = 'gbk';
      else if (e === 'utf-8' || e === 'utf8') encoding = 'utf-8';
      else throw new UsageError(`--encoding must be gbk or utf-8, found ${encodingValue}`);
    }

    const read = await readBytes(path, locale);
    if (!read.ok) { io.stderr(read.message); return 1; }
    const format = formatOf(path, read.bytes);
    if (!format) {
      const known = INPUT_FORMATS.map((f) => `${f.name} (${f.extensions.join(', ')})`).join(', ');
      io.stderr(locale === 'zh' ? `${path}: 无法识别的格式；convert 可读取 ${known}` : `${path}: not a format convert reads: ${known}`);
      return 1;
    }
    const converted = await format.read({ path, bytes: read.bytes, zone, from });
    if (!converted.ok) { printProblems(converted.problems, locale, io); return 1; }
    const { layer, problems } = converted.value;
    if (converted.value.zone) io.stderr(noteZone(path, converted.value.zone, converted.value.zoneReason, locale));

    if (outExt === '.txt') {
      const written = writeCoordTxt(layer as unknown as FeatureCollection, out!, { zone: converted.value.zone ?? zone, encoding });
      if (!written.ok) { printProblems([...problems, ...written.problems], locale, io); return 1; }
      printProblems([...problems, ...written.value.problems], locale, io);
      try {
        await writeFile(out!, written.value.bytes);
      } catch (e) {
        io.stderr(`${out}: ${(e as Error).message}`);
        return 1;
      }
      return 0;
    }
    printProblems(problems, locale, io);
    const text = geoJsonText(layer);
    if (!out) {
      io.stdout(text);
      return 0;
    }
    try {
      await writeFile(out, `${text}\n`);
    } catch (e) {
      io.stderr(`${out}: ${(e as Error).message}`);
      return 1;
    }
    return 0;
  },
};
