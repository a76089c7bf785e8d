// What the import dialog shows before anything joins the project: for each file a user brings, the format and why,
// the text encoding and how it was decided, the coordinate system (with a zone guess when the file does not say),
// the features in lon/lat, the first rows with their areas, and every problem with its file, feature and line.
// Pure (no DOM): it runs in the import worker, or inline where workers are unavailable. Every figure comes from core.
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { geometryAreaM2 } from '../../core/geodesy/area';
import { describeZone, type GaussKrugerZone, type Message, type ZoneGuess } from '../../core/geodesy/gaussKruger';
import { readCoordTxt, type CoordTxtParcel } from '../../core/io/coordTxt';
import { detectFormat, type DetectedInput, type InputFile, type InputFormat } from '../../core/io/detect';
import { decodeText, type TextEncodingName } from '../../core/io/encoding';
import { suggestAliases } from '../../core/io/fieldAliases';
import { parseJsonText } from '../../core/io/geojson';
import { readKml, readKmz } from '../../core/io/kml';
import { crsNameOf, guessZoneOfGeoJson, readProjectedGeoJson } from '../../core/io/projected';
import { readShapefileFiles, readShapefileZip, type ShapefileLayer } from '../../core/io/shapefile';
import { planarAreaM2, shapefileToLonLat } from '../../core/io/shapefileCrs';
import { withSourceProjection } from '../../core/io/sourceProjection';
import { readCsv, readXlsx, type AttributeTable } from '../../core/io/tableJoin';
import { problem, type Problem } from '../../core/schema/problems';
import { LAYER_KINDS, type LayerKind } from '../../core/schema/types';

export type { DetectedInput, InputFile, InputFormat } from '../../core/io/detect';

/** The user's choices that change how a file is read. */
export interface ReadOptions {
  /** Zone number (25–45 → 3°, 13–23 → 6°) for projected coordinates whose file does not say it. */
  zone?: number;
  /** Text encoding chosen over the detected one. */
  encoding?: 'utf-8' | 'gbk';
  /** Approximate longitude of the open project (its layers' centre), for a zone guess. */
  longitudeHint?: number;
}

export type EncodingReason = 'bom' | 'declared' | 'valid-utf8' | 'not-utf8' | 'ascii' | 'user' | 'cpg' | 'language-driver' | 'xml-declaration' | 'binary';

export interface EncodingInfo {
  name: TextEncodingName | 'binary';
  reason: EncodingReason;
  /** What a .cpg or XML declaration said, when one did. */
  declared: string | null;
  /** A declaration the bytes contradicted, so not followed. */
  overruled: boolean;
  /** Characters that did not decode cleanly (a sign to try the other encoding). */
  replacements: number;
  /** The dialog may offer UTF-8 / GBK. */
  canChoose: boolean;
}

export interface CrsInfo {
  /** lonlat: drawn as read; projected: reprojected from `zone`; needs-zone: the user must choose; none: a table. */
  status: 'lonlat' | 'projected' | 'needs-zone' | 'none';
  summary: Message;
  /** Where the zone came from: the file (.prj, 带号, crs member), the zone number in the eastings, the user, or a guess. */
  source: 'file' | 'prefix' | 'user' | 'guess' | null;
  zone: GaussKrugerZone | null;
  reasons: Message[];
  guess: ZoneGuess | null;
  /** Offer the zone chooser: projected eastings without the zone number in front. */
  choosable: boolean;
}

export interface PreviewRow {
  index: number;
  id: string | null;
  name: string | null;
  /** Up to six source fields, as text. */
  values: Array<[string, string]>;
  planarAreaM2: number | null;
  ellipsoidalAreaM2: number | null;
  /** 坐标TXT 地块面积 as written and the unit it turned out to be in. */
  headerArea: { value: number; unit: 'ha' | 'm2' | 'mu' } | null;
  /** A warning names this row's area (header mismatch, unit slip). */
  areaWarning: boolean;
}

/** A lon/lat FeatureCollection ready for aliases and validation; foreign members (kind, coordTxt …) kept. */
export type LonLatCollection = { type: 'FeatureCollection'; features: Array<Feature<Geometry | null, Record<string, unknown>>>; kind?: unknown; name?: unknown } & Record<string, unknown>;

export interface ImportPreview {
  /** Which layer of the input (a zip may hold several Shapefiles). */
  part: number;
  parts: number;
  /** Suggested layer title. */
  title: string;
  /** The file (or files) as the user knows them. */
  fileLabel: string;
  files: string[];
  format: InputFormat;
  formatReason: Message;
  encoding: EncodingInfo | null;
  crs: CrsInfo;
  /** Features in lon/lat; null when the file cannot be placed (yet) or could not be read. */
  collection: LonLatCollection | null;
  featureCount: number;
  /** Features with an area geometry (Polygon, MultiPolygon). */
  areaCount: number;
  /** Property names in order of first appearance. */
  fields: string[];
  suggestedKind: LayerKind | null;
  kindReason: Message | null;
  /** Which area columns the preview table has. */
  areas: 'both' | 'ellipsoidal';
  rows: PreviewRow[];
  problems: Problem[];
  /** An error stops the import of this file (the zone alone does not: it is chosen in the dialog). */
  blocking: boolean;
  /** CSV / XLSX: the table to join to a layer. */
  table: AttributeTable | null;
  /** Units the format fixes for some fields (坐标TXT 地块面积: 公顷), for the field mapping. */
  fieldUnits: Record<string, 'm2' | 'mu' | 'ha'>;
}

const PREVIEW_ROWS = 8;
const AREA_CODES = new Set(['area-mismatch', 'area-in-square-metres', 'area-in-mu']);

const hasError = (ps: readonly Problem[]) => ps.some((p) => p.severity === 'error');
const baseName = (name: string) => name.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');

function fieldsOf(features: ReadonlyArray<Feature<Geometry | null, Record<string, unknown> | null>>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of features) for (const k of Object.keys(f.properties ?? {})) if (!seen.has(k)) { seen.add(k); out.push(k); }
  return out;
}

const isArea = (g: Geometry | null | undefined): g is Polygon | MultiPolygon => g?.type === 'Polygon' || g?.type === 'MultiPolygon';

function ellipsoidal(g: Geometry | null | undefined): number | null {
  if (!isArea(g)) return null;
  try {
    const a = geometryAreaM2(g);
    return Number.isFinite(a) ? a : null;
  } catch {
    return null;
  }
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

const NAME_FIELDS = ['name', '地块名称', '宗地名称', '项目名称', '名称', '企业名称', '企业名'];
const ID_FIELDS = ['id', '地块编号', '宗地编号', '宗地编', '编号'];

function rowsOf(features: LonLatCollection['features'], fields: string[], planar: Array<number | null> | null, parcels: CoordTxtParcel[] | null, problems: Problem[]): PreviewRow[] {
  const shown = fields.filter((f) => f !== '界址点号' && f !== 'planarAreaM2' && f !== 'ellipsoidalAreaM2').slice(0, 6);
  return features.slice(0, PREVIEW_ROWS).map((f, index) => {
    const p = f.properties ?? {};
    const idField = ID_FIELDS.find((k) => p[k] !== undefined && p[k] !== null && p[k] !== '');
    const nameField = NAME_FIELDS.find((k) => typeof p[k] === 'string' && p[k] !== '');
    const id = f.id !== undefined && f.id !== null ? String(f.id) : idField ? String(p[idField]) : null;
    const info = parcels?.[index] ?? null;
    return {
      index,
      id,
      name: nameField ? String(p[nameField]) : null,
      values: shown.map((k) => [k, text(p[k])] as [string, string]),
      planarAreaM2: info ? info.planarAreaM2 : planar ? planar[index] ?? null : null,
      ellipsoidalAreaM2: info ? info.ellipsoidalAreaM2 : ellipsoidal(f.geometry),
      headerArea: info && info.headerArea !== null && info.headerAreaUnit ? { value: info.headerArea, unit: info.headerAreaUnit } : null,
      areaWarning: id !== null && problems.some((q) => AREA_CODES.has(q.code) && q.featureId === id),
    };
  });
}

/** The layer kind the fields point to: the kind whose own properties (not id/name/park/area) most fields map to. */
export function suggestKind(fields: readonly string[]): { kind: LayerKind | null; reason: Message | null } {
  const generic = new Set(['id', 'name', 'park', 'declaredAreaM2']);
  const scored = LAYER_KINDS.map((kind) => ({ kind, sources: suggestAliases(fields, kind).mappings.filter((m) => !generic.has(m.target)).map((m) => m.source) }))
    .sort((a, b) => b.sources.length - a.sources.length);
  if (scored[0].sources.length === 0 || scored[0].sources.length === scored[1].sources.length) return { kind: null, reason: null };
  const list = scored[0].sources.slice(0, 4).join(', ');
  return { kind: scored[0].kind, reason: { en: `fields ${list} are ${scored[0].kind} properties`, zh: `字段 ${list} 属于${KIND_ZH[scored[0].kind]}属性` } };
}
const KIND_ZH: Record<LayerKind, string> = { park: '园区', zone: '分区', parcel: '宗地', relocation: '村庄迁并', plan: '规划' };

const LONLAT_SUMMARY: Message = { en: 'longitude/latitude, read as CGCS2000', zh: '经纬度，按 2000国家大地坐标系读取' };

function lonLatCrs(summary: Message, reasons: Message[] = []): CrsInfo {
  return { status: 'lonlat', summary, source: 'file', zone: null, reasons, guess: null, choosable: false };
}

function projectedCrs(zone: GaussKrugerZone, source: CrsInfo['source'], reasons: Message[], guess: ZoneGuess | null): CrsInfo {
  // A zone number in front of the eastings settles the zone; without it the file's word or a guess could be wrong.
  return { status: 'projected', summary: describeZone(zone), source, zone, reasons, guess, choosable: !zone.prefixed };
}

function needsZone(guess: ZoneGuess | null, reasons: Message[]): CrsInfo {
  return {
    status: 'needs-zone',
    summary: { en: 'Gauss-Kruger metres, zone unknown', zh: '高斯投影米制坐标，分带不明' },
    source: null, zone: null, reasons, guess, choosable: true,
  };
}

interface Base {
  detected: DetectedInput;
  part: number;
  parts: number;
  title: string;
}

function emptyPreview(b: Base, problems: Problem[], encoding: EncodingInfo | null = null): ImportPreview {
  return {
    part: b.part, parts: b.parts, title: b.title, fileLabel: b.detected.files.map((f) => f.name).join(', '), files: b.detected.files.map((f) => f.name),
    format: b.detected.format, formatReason: b.detected.reason, encoding,
    crs: { status: 'none', summary: { en: '—', zh: '—' }, source: null, zone: null, reasons: [], guess: null, choosable: false },
    collection: null, featureCount: 0, areaCount: 0, fields: [], suggestedKind: null, kindReason: null, areas: 'ellipsoidal', rows: [],
    problems, blocking: hasError(problems), table: null, fieldUnits: {},
  };
}

function finish(b: Base, out: {
  collection: LonLatCollection | null; crs: CrsInfo; encoding: EncodingInfo | null; problems: Problem[];
  kind?: LayerKind | null; kindReason?: Message | null; planar?: Array<number | null> | null; parcels?: CoordTxtParcel[] | null;
  fieldUnits?: ImportPreview['fieldUnits'];
  /** Features to describe when they cannot be placed yet (the zone is unknown). */
  unplaced?: LonLatCollection['features'];
}): ImportPreview {
  const features = out.collection?.features ?? out.unplaced ?? [];
  const fields = fieldsOf(features);
  const suggested = out.kind ? { kind: out.kind, reason: out.kindReason ?? null } : suggestKind(fields);
  const problems = out.problems;
  return {
    ...emptyPreview(b, problems, out.encoding),
    crs: out.crs,
    collection: out.collection,
    featureCount: features.length,
    areaCount: features.filter((f) => isArea(f.geometry)).length,
    fields,
    suggestedKind: suggested.kind,
    kindReason: suggested.reason,
    areas: out.crs.status === 'projected' || out.crs.status === 'needs-zone' ? 'both' : 'ellipsoidal',
    rows: out.collection ? rowsOf(features, fields, out.planar ?? null, out.parcels ?? null, problems) : [],
    blocking: hasError(problems),
    fieldUnits: out.fieldUnits ?? {},
  };
}

/** Encoding as decodeText decided it; `user` when the dialog chose it. */
function decodedEncoding(bytes: Uint8Array, options: ReadOptions, declaredReason: EncodingReason = 'declared'): { text: string; info: EncodingInfo } {
  const d = decodeText(bytes, options.encoding ?? null);
  const reason: EncodingReason = options.encoding && d.reason === 'declared' ? 'user' : d.reason === 'declared' ? declaredReason : d.reason;
  return { text: d.text, info: { name: d.encoding, reason, declared: null, overruled: false, replacements: d.replacements, canChoose: d.reason !== 'bom' } };
}

// ---------------------------------------------------------------- per format

function readCoordTxtInput(b: Base, file: InputFile, options: ReadOptions): ImportPreview {
  const { info } = decodedEncoding(file.bytes, options);
  const attempt = (zone: number | undefined) => readCoordTxt(file.bytes, file.name, { zone, encoding: options.encoding, longitudeHint: options.longitudeHint });
  let r = attempt(options.zone);
  let guessed: ZoneGuess | null = null;
  if (!r.ok && r.zoneGuess?.status === 'guess' && r.zoneGuess.zone && options.zone === undefined) {
    guessed = r.zoneGuess;
    r = attempt(r.zoneGuess.zone.zone);
  }
  if (!r.ok) {
    const unknown = r.problems.some((p) => p.code === 'zone-unknown') && r.zoneGuess;
    if (unknown) {
      const rest = r.problems.filter((p) => p.code !== 'zone-unknown');
      return finish(b, { collection: null, crs: needsZone(r.zoneGuess!, r.zoneGuess!.reasons), encoding: info, problems: rest, kind: 'parcel', kindReason: KIND_TXT });
    }
    return finish(b, { collection: null, crs: needsZone(null, []), encoding: info, problems: r.problems, kind: 'parcel', kindReason: KIND_TXT });
  }
  const v = r.value;
  const source: CrsInfo['source'] = guessed ? 'guess' : v.zoneSource === 'option' ? 'user' : v.zoneSource === 'header' ? 'file' : 'prefix';
  const reasons = guessed ? guessed.reasons : [v.zoneReason];
  const collection = v.layer as unknown as LonLatCollection;
  // 地块面积 is in 公顷 by the standard; the reader tells m² and 亩 slips apart per parcel: take the commonest.
  const units = v.parcels.map((p) => p.headerAreaUnit).filter((u): u is 'ha' | 'm2' | 'mu' => u !== null);
  const unit = (['ha', 'm2', 'mu'] as const).reduce((best, u) => (units.filter((x) => x === u).length > units.filter((x) => x === best).length ? u : best), 'ha' as 'ha' | 'm2' | 'mu');
  return finish(b, {
    collection, crs: projectedCrs(v.zone, source, reasons, guessed), encoding: info, problems: v.problems,
    kind: 'parcel', kindReason: KIND_TXT, parcels: v.parcels, fieldUnits: { 地块面积: unit },
  });
}
const KIND_TXT: Message = { en: '坐标TXT files hold parcel boundaries', zh: '坐标TXT 为宗地界址坐标' };

function shapefileEncoding(layer: ShapefileLayer): EncodingInfo | null {
  const e = layer.encoding;
  if (!e) return null;
  return { name: e.encoding, reason: e.reason, declared: e.cpg, overruled: e.overruled !== null, replacements: e.replacements, canChoose: true };
}

function readShapefileLayer(b: Base, layer: ShapefileLayer, shared: Problem[], options: ReadOptions): ImportPreview {
  const problems = [...shared, ...layer.problems];
  const encoding = shapefileEncoding(layer);
  const sidecarKind = layer.kind ? { kind: layer.kind, kindReason: { en: 'a Park Atlas export (its .parkatlas file names the kind)', zh: 'Park Atlas 导出的文件（.parkatlas 记录了图层类型）' } } : {};
  if (hasError(problems)) return finish(b, { collection: null, crs: needsZone(null, []), encoding, problems, unplaced: layer.features, ...sidecarKind });
  const attempt = (zone: number | undefined) => shapefileToLonLat(layer, { zone, longitudeHint: options.longitudeHint });
  let r = attempt(options.zone);
  let guessed: ZoneGuess | null = null;
  if (!r.ok && r.zoneGuess?.status === 'guess' && r.zoneGuess.zone && options.zone === undefined) {
    guessed = r.zoneGuess;
    r = attempt(r.zoneGuess.zone.zone);
  }
  if (!r.ok) {
    if (r.zoneGuess) {
      const rest = r.problems.filter((p) => p.code !== 'zone-unknown');
      return finish(b, { collection: null, crs: needsZone(r.zoneGuess, r.zoneGuess.reasons), encoding, problems: [...problems, ...rest], unplaced: layer.features, ...sidecarKind });
    }
    return finish(b, { collection: null, crs: needsZone(null, []), encoding, problems: [...problems, ...r.problems], unplaced: layer.features, ...sidecarKind });
  }
  const v = r.value;
  let collection: LonLatCollection = { type: 'FeatureCollection', name: layer.name, ...(layer.kind ? { kind: layer.kind } : {}), features: v.features };
  let crs: CrsInfo;
  if (v.space === 'projected' && v.zone) {
    // Kept on the layer: the inspector shows the planar area in this zone beside the ellipsoidal one.
    collection = withSourceProjection(collection, v.zone);
    const source: CrsInfo['source'] = guessed ? 'guess' : v.zoneSource === 'option' ? 'user' : v.zoneSource === 'prj' ? 'file' : 'prefix';
    crs = projectedCrs(v.zone, source, guessed ? guessed.reasons : v.reasons, guessed);
  } else {
    crs = lonLatCrs(layer.crs ? layer.crs.summary : { en: 'no .prj: longitude/latitude, read as CGCS2000', zh: '无 .prj：经纬度，按 2000国家大地坐标系读取' });
  }
  return finish(b, { collection, crs, encoding, problems: [...problems, ...v.problems], planar: v.planarAreasM2, ...sidecarKind });
}

function readShapefileInput(b: Base, options: ReadOptions): ImportPreview[] {
  const d = b.detected;
  const read = d.format === 'shapefile-zip'
    ? readShapefileZip(d.files[0].bytes, d.files[0].name, { encoding: options.encoding ?? null })
    : readShapefileFiles(d.files, { encoding: options.encoding ?? null });
  if (!read.ok) return [emptyPreview(b, [...d.problems, ...read.problems])];
  const area = read.layers;
  return area.map((layer, i) => readShapefileLayer({ ...b, part: i, parts: area.length, title: layer.name }, layer, [...d.problems, ...(i === 0 ? read.problems : [])], options));
}

function readKmlInput(b: Base, file: InputFile, options: ReadOptions): ImportPreview {
  const kmz = b.detected.format === 'kmz';
  // An encoding chosen in the dialog decodes the bytes here; otherwise the XML declaration, BOM or content decide.
  const r = kmz ? readKmz(file.bytes, file.name) : options.encoding ? readKml(new TextDecoder(options.encoding).decode(file.bytes), file.name) : readKml(file.bytes, file.name);
  if (!r.ok) return emptyPreview(b, r.problems);
  const e = r.layer.encoding;
  const encoding: EncodingInfo = {
    name: options.encoding ?? e.encoding,
    reason: options.encoding ? 'user' : e.reason === 'declared' ? 'xml-declaration' : (e.reason as EncodingReason),
    declared: null, overruled: false, replacements: 0, canChoose: !kmz,
  };
  const collection: LonLatCollection = { type: 'FeatureCollection', name: r.layer.name, features: r.layer.features };
  const crs = lonLatCrs({ en: 'KML: longitude/latitude (WGS 84), read as CGCS2000', zh: 'KML：经纬度（WGS 84），按 2000国家大地坐标系读取' });
  return finish({ ...b, title: r.layer.name }, { collection, crs, encoding, problems: r.layer.problems });
}

function readGeoJsonInput(b: Base, file: InputFile, options: ReadOptions): ImportPreview {
  const { text: body, info } = decodedEncoding(file.bytes, options);
  const parsed = parseJsonText(body, file.name);
  if (!parsed.ok) return emptyPreview(b, parsed.problems, info);
  const json = parsed.value as Record<string, unknown>;
  const kindMember = typeof json?.kind === 'string' && (LAYER_KINDS as readonly string[]).includes(json.kind) ? (json.kind as LayerKind) : null;
  const kind = kindMember ? { kind: kindMember, kindReason: { en: `the file's "kind" member says ${kindMember}`, zh: `文件的 "kind" 成员为 ${kindMember}` } } : {};
  // A misspelt "kind" is not silently replaced by the dialog's choice.
  const kindNote = typeof json?.kind === 'string' && !kindMember
    ? [problem('warning', 'kind-unknown', { file: file.name }, `"kind" is ${JSON.stringify(json.kind)}, not a layer kind (${LAYER_KINDS.join(', ')}); choose the kind below`, `"kind" 为 ${JSON.stringify(json.kind)}，不是图层类型（${LAYER_KINDS.join('、')}）；请在下方选择类型`)]
    : [];
  const title = typeof json?.name === 'string' && json.name ? json.name : b.title;
  let r = readProjectedGeoJson(json, file.name, options.zone !== undefined ? { zone: options.zone } : {});
  let guessed: ZoneGuess | null = null;
  if (!r.ok && r.problems.some((p) => p.code === 'zone-unknown') && options.zone === undefined) {
    const guess = guessZoneOfGeoJson(json, { longitude: options.longitudeHint });
    if (guess.status === 'guess' && guess.zone) {
      guessed = guess;
      r = readProjectedGeoJson(json, file.name, { zone: guess.zone.zone });
    } else {
      const features = Array.isArray(json.features) ? (json.features as LonLatCollection['features']) : [];
      const rest = r.problems.filter((p) => p.code !== 'zone-unknown');
      return finish({ ...b, title }, { collection: null, crs: needsZone(guess, guess.reasons), encoding: info, problems: rest, unplaced: features, ...kind });
    }
  }
  if (!r.ok) return emptyPreview({ ...b, title }, r.problems, info);
  const v = r.value;
  let out = v.json;
  if (out.type === 'Feature') out = { type: 'FeatureCollection', features: [out] };
  if (out.type !== 'FeatureCollection' || !Array.isArray(out.features)) {
    return emptyPreview({ ...b, title }, [...v.problems, problem('error', 'wrong-type', { file: file.name }, `top-level type is ${JSON.stringify(out.type) ?? 'missing'}, expected "FeatureCollection"`, `顶层类型为 ${JSON.stringify(out.type) ?? '缺失'}，应为 "FeatureCollection"`)], info);
  }
  let collection = out as LonLatCollection;
  let crs: CrsInfo;
  if (v.space === 'projected' && v.zone) {
    collection = withSourceProjection(collection, v.zone);
    const source: CrsInfo['source'] = guessed ? 'guess' : options.zone !== undefined ? 'user' : v.zoneSource === 'crs' ? 'file' : 'prefix';
    crs = projectedCrs(v.zone, source, guessed ? guessed.reasons : v.reasons, guessed);
  } else {
    const name = crsNameOf(json);
    crs = lonLatCrs(name ? { en: `longitude/latitude (crs ${name}), read as CGCS2000`, zh: `经纬度（crs ${name}），按 2000国家大地坐标系读取` } : LONLAT_SUMMARY);
  }
  // Projected input: the planar area in the projection, beside the ellipsoidal one.
  let planar: Array<number | null> | null = null;
  if (crs.status === 'projected' && Array.isArray(json.features)) {
    planar = (json.features as Array<{ geometry?: Geometry | null }>).slice(0, PREVIEW_ROWS).map((f) => planarAreaM2(f?.geometry ?? null));
  }
  return finish({ ...b, title }, { collection, crs, encoding: info, problems: [...kindNote, ...v.problems], planar, ...kind });
}

async function readTableInput(b: Base, file: InputFile, options: ReadOptions): Promise<ImportPreview> {
  const r = b.detected.format === 'xlsx' ? await readXlsx(file.bytes, file.name) : readCsv(file.bytes, file.name, { encoding: options.encoding ?? null });
  if (!r.ok) return emptyPreview(b, r.problems);
  const e = r.table.encoding;
  const encoding: EncodingInfo = e
    ? { name: e.encoding, reason: options.encoding ? 'user' : (e.reason as EncodingReason), declared: null, overruled: false, replacements: 0, canChoose: e.reason !== 'bom' }
    : { name: 'binary', reason: 'binary', declared: null, overruled: false, replacements: 0, canChoose: false };
  return { ...emptyPreview(b, r.problems, encoding), table: r.table, fields: r.table.columns, featureCount: r.table.rows.length };
}

// ---------------------------------------------------------------- entry points

/** Groups and classifies dropped files (loose Shapefile parts become one input). */
export function detectInputs(files: InputFile[]): DetectedInput[] {
  return detectFormat(files);
}

/** Reads one detected input; a zip with several Shapefiles gives several previews. Never throws. */
export async function readInput(detected: DetectedInput, options: ReadOptions = {}): Promise<ImportPreview[]> {
  const b: Base = { detected, part: 0, parts: 1, title: baseName(detected.name) };
  try {
    if (detected.format === 'unknown' || hasError(detected.problems)) return [emptyPreview(b, detected.problems)];
    const file = detected.files[0];
    switch (detected.format) {
      case 'coordtxt': return [readCoordTxtInput(b, file, options)];
      case 'shapefile-zip':
      case 'shapefile-parts': return readShapefileInput(b, options);
      case 'kml':
      case 'kmz': return [readKmlInput(b, file, options)];
      case 'geojson': return [readGeoJsonInput(b, file, options)];
      case 'csv':
      case 'xlsx': return [await readTableInput(b, file, options)];
    }
  } catch (e) {
    // A reader bug must not lose the user's other files: say which file and what happened.
    const why = e instanceof Error ? e.message : String(e);
    return [emptyPreview(b, [problem('error', 'read-failed', { file: detected.name }, `could not be read: ${why}`, `无法读取：${why}`)])];
  }
  return [emptyPreview(b, detected.problems)];
}
