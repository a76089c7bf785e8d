// Shapefile driver (DESIGN §7, §8): a .zip or loose .shp/.dbf/.shx/.prj/.cpg → GeoJSON features with the
// encoding decision, the .prj summary and every problem named by file and record; and any layer → a
// Shapefile zip (CGCS2000 .prj, UTF-8 .dbf + .cpg). Never throws at the user.
//
// Why not shpjs for reading: shpjs stops silently at a truncated record, throws away all records when one is
// damaged, assigns holes by bounding box only and decodes the .dbf without the checks above; its record-level
// problems could not be reported. Our reader is compared with shpjs in the tests.
import type { Feature, Geometry } from 'geojson';
import { zipSync, type Zippable } from 'fflate';
import { classifyCoordinates, type CoordinateSpace } from '../schema/geometry';
import { problem, type Problem } from '../schema/problems';
import { LAYER_KINDS, type LayerKind } from '../schema/types';
import { readDbf, type DbfEncoding, type DbfField } from './dbfRead';
import { MAX_DBF_FIELDS, SHAPEFILE_FIELD_NAMES, planDbfFields, shortFieldNames, writeDbf, type DbfValueKind, type DbfWriteField } from './dbfWrite';
import { decodeText } from './encoding';
import { CGCS2000_WKT, parsePrj, type PrjInfo } from './shpPrj';
import { readShp, SHAPE_TYPES, type ShapeFamily } from './shpRead';
import { shapeTypeOf, writeShp, type WritableShapeType } from './shpWrite';
import { DEFAULT_ZIP_LIMITS, readZip, type ZipLimits } from './zipRead';

export type { PrjInfo } from './shpPrj';
export type { DbfEncoding, DbfField } from './dbfRead';
export type { DbfWriteField } from './dbfWrite';
export { SHAPEFILE_FIELD_NAMES } from './dbfWrite';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

export interface ShapefileReadOptions {
  /** Forces the .dbf encoding (the user's choice when the detected one looks wrong). */
  encoding?: 'utf-8' | 'gbk' | null;
  /** Caps for unzipping (defaults: 1 GiB in total, 200:1 past 32 MiB). */
  zipLimits?: Partial<ZipLimits>;
}

export interface ShapefileLayer {
  /** Base name of the .shp, without folder or extension. */
  name: string;
  files: { shp: string; dbf: string | null; shx: string | null; prj: string | null; cpg: string | null };
  /** One feature per record, in file order (deleted .dbf rows left out). Coordinates as in the file. */
  features: Array<Feature<Geometry | null, Record<string, unknown>>>;
  /** Shapefile type name: Polygon, PolygonZ, PolyLine, Point … */
  shapeType: string;
  family: ShapeFamily;
  /** Only polygon layers can become park, zone, parcel, relocation or plan layers. */
  isAreaLayer: boolean;
  fields: DbfField[];
  encoding: DbfEncoding | null;
  /** The .prj read; null without one. When it is Gauss-Kruger the coordinates are projected metres, not lon/lat. */
  crs: PrjInfo | null;
  /** What the coordinates look like (from their extent), whatever the .prj says. */
  coordinates: CoordinateSpace | 'empty';
  bbox: [number, number, number, number] | null;
  /** Layer kind and schema names restored from a Park Atlas export's `.parkatlas`; null otherwise. */
  kind: LayerKind | null;
  restoredNames: boolean;
  problems: Problem[];
}

export type ShapefileResult = { ok: true; layers: ShapefileLayer[]; problems: Problem[] } | { ok: false; problems: Problem[] };

const ext = (name: string) => /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
const stripExt = (name: string) => name.replace(/\.[^./\\]+$/, '');
const baseName = (name: string) => stripExt(name.replace(/^.*[\\/]/, ''));
const SIDECAR = '.parkatlas'; // JSON, but not named .json: readers such as shpjs take every .json in a zip for a layer
const PART_EXTS = new Set(['shp', 'dbf', 'shx', 'prj', 'cpg']);

/** Sidecar written with every export: the short-to-long field names and the layer kind. */
interface Sidecar {
  format: 'park-atlas-shapefile';
  version: 1;
  kind: LayerKind | null;
  fields: Array<{ dbf: string; property: string; kind: DbfValueKind }>;
}

interface PartSet {
  base: string;
  shp: InputFile | null;
  dbf: InputFile | null;
  shx: InputFile | null;
  prj: InputFile | null;
  cpg: InputFile | null;
  sidecar: InputFile | null;
}

function groupParts(files: readonly InputFile[]): PartSet[] {
  const groups = new Map<string, PartSet>();
  for (const f of files) {
    const lower = f.name.toLowerCase();
    const isSidecar = lower.endsWith(SIDECAR);
    const e = ext(f.name);
    if (!isSidecar && !PART_EXTS.has(e)) continue;
    const stem = isSidecar ? f.name.slice(0, -SIDECAR.length) : stripExt(f.name);
    const key = stem.toLowerCase();
    let g = groups.get(key);
    if (!g) {
      g = { base: stem, shp: null, dbf: null, shx: null, prj: null, cpg: null, sidecar: null };
      groups.set(key, g);
    }
    if (isSidecar) g.sidecar = f;
    else g[e as 'shp' | 'dbf' | 'shx' | 'prj' | 'cpg'] = f;
    if (e === 'shp') g.base = stem;
  }
  return [...groups.values()];
}

function readSidecar(file: InputFile | null, problems: Problem[]): Sidecar | null {
  if (!file) return null;
  try {
    const json = JSON.parse(new TextDecoder().decode(file.bytes)) as Sidecar;
    if (json?.format === 'park-atlas-shapefile' && Array.isArray(json.fields)) return json;
  } catch {
    // reported below
  }
  problems.push(problem('warning', 'sidecar-invalid', { file: file.name }, 'is not a valid Park Atlas field-name file; the .dbf names are kept', '不是有效的 Park Atlas 字段名文件，保留 .dbf 中的字段名'));
  return null;
}

function extent(features: ReadonlyArray<Feature<Geometry | null>>): [number, number, number, number] | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const p = c as number[];
      if (p[0] < minX) minX = p[0];
      if (p[0] > maxX) maxX = p[0];
      if (p[1] < minY) minY = p[1];
      if (p[1] > maxY) maxY = p[1];
      return;
    }
    for (const x of c as unknown[]) visit(x);
  };
  for (const f of features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}

const textOf = (f: InputFile | null) => (f ? decodeText(f.bytes).text : null);

/** Reads one Shapefile from its parts. */
function readPartSet(set: PartSet, options: ShapefileReadOptions): ShapefileLayer | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!set.shp) {
    const have = [set.dbf, set.shx, set.prj, set.cpg].filter(Boolean).map((f) => f!.name).join(', ');
    return { ok: false, problems: [problem('error', 'shp-missing', { file: `${set.base}.shp` }, `is missing: ${have} came without the .shp that holds the shapes; add it`, `缺失：${have} 缺少存放图形的 .shp 文件，请一并添加`)] };
  }
  const shpRead = readShp(set.shp.bytes, set.shp.name, set.shx?.bytes, set.shx?.name);
  if (!shpRead.ok) return shpRead;
  problems.push(...shpRead.value.problems);
  const { header, geometries } = shpRead.value;

  let fields: DbfField[] = [];
  let encoding: DbfEncoding | null = null;
  let rows: Array<Record<string, unknown> | null> = [];
  if (set.dbf) {
    const dbf = readDbf(set.dbf.bytes, set.dbf.name, { cpg: textOf(set.cpg), encoding: options.encoding ?? null });
    problems.push(...dbf.problems);
    if (dbf.ok) {
      fields = dbf.table.fields;
      encoding = dbf.table.encoding;
      rows = dbf.table.records;
    }
  } else {
    problems.push(problem('warning', 'dbf-missing', { file: `${set.base}.dbf` }, 'is missing: the shapes have no attributes', '缺失：图形没有属性'));
  }
  if (set.dbf && rows.length !== geometries.length && rows.length > 0) {
    problems.push(problem('warning', 'shp-dbf-count', { file: set.shp.name }, `has ${geometries.length} shape(s) but ${set.dbf.name} has ${rows.length} row(s); the unmatched ones are kept ${rows.length > geometries.length ? 'without geometry' : 'without attributes'}`, `有 ${geometries.length} 个图形，但 ${set.dbf.name} 有 ${rows.length} 行；多出的${rows.length > geometries.length ? '行没有几何图形' : '图形没有属性'}，仍然保留`));
  }

  const sidecar = readSidecar(set.sidecar, problems);
  const restore = new Map<string, { property: string; kind: DbfValueKind }>();
  if (sidecar) for (const f of sidecar.fields) if (fields.some((x) => x.name === f.dbf)) restore.set(f.dbf, { property: f.property, kind: f.kind });

  const features: ShapefileLayer['features'] = [];
  const n = Math.max(geometries.length, rows.length);
  for (let i = 0; i < n; i++) {
    const row = i < rows.length ? rows[i] : {};
    if (row === null) continue; // deleted in the .dbf
    let properties: Record<string, unknown> = row ?? {};
    let id: string | undefined;
    if (restore.size > 0) {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(properties)) {
        const r = restore.get(key);
        if (!r) { out[key] = value; continue; }
        let v = value;
        if (r.kind === 'json' && typeof v === 'string') {
          try { v = JSON.parse(v); } catch { /* cut or edited: keep the text */ }
        }
        if (r.property === '@id') { if (v !== null) id = String(v); continue; }
        out[r.property] = v;
      }
      properties = out;
    }
    const feature: Feature<Geometry | null, Record<string, unknown>> = { type: 'Feature', geometry: i < geometries.length ? geometries[i] : null, properties };
    if (id !== undefined) feature.id = id;
    features.push(feature);
  }

  const family = SHAPE_TYPES[header.shapeType].family;
  const isAreaLayer = family === 'polygon';
  if (!isAreaLayer) {
    const what = { point: 'points', multipoint: 'points', polyline: 'lines', multipatch: '3-D patches', null: 'no shapes', polygon: '' }[family];
    const whatZh = { point: '点', multipoint: '点', polyline: '线', multipatch: '三维面片', null: '空图形', polygon: '' }[family];
    problems.push(problem('error', 'not-area-layer', { file: set.shp.name }, `holds ${what} (${SHAPE_TYPES[header.shapeType].name}), not areas: it is not an area layer and cannot be used as parcels, zones, parks or plans`, `包含的是${whatZh}（${SHAPE_TYPES[header.shapeType].name}），不是面：不是面图层，不能作为宗地、分区、园区或规划图层`));
  }

  let crs: PrjInfo | null = null;
  if (set.prj) crs = parsePrj(decodeText(set.prj.bytes).text);
  const bbox = extent(features);
  const coordinates = bbox ? classifyCoordinates(bbox[0], bbox[1], bbox[2], bbox[3]) : 'empty';
  const file = set.shp.name;
  if (crs?.kind === 'projected' && coordinates === 'lonlat') {
    problems.push(problem('warning', 'prj-mismatch', { file: set.prj!.name }, `says ${crs.summary.en}, but the coordinates look like longitude/latitude; the .prj may be wrong`, `声明为${crs.summary.zh}，但坐标看起来是经纬度；.prj 可能有误`));
  } else if (crs?.kind === 'geographic' && coordinates === 'projected') {
    problems.push(problem('warning', 'prj-mismatch', { file: set.prj!.name }, `says ${crs.summary.en}, but the coordinates look projected in metres; the .prj may be wrong — give the zone`, `声明为${crs.summary.zh}，但坐标看起来是以米为单位的投影坐标；.prj 可能有误，请指定分带`));
  } else if (!crs && coordinates === 'projected') {
    problems.push(problem('warning', 'prj-missing', { file }, 'has projected coordinates (metres, e.g. Gauss-Kruger) and no .prj; the zone is needed to place it', '坐标为投影坐标（米，如高斯-克吕格）且没有 .prj，需要指定分带才能定位'));
  } else if (!crs && coordinates === 'lonlat') {
    problems.push(problem('warning', 'prj-missing', { file }, 'has no .prj; the coordinates look like longitude/latitude and are read as CGCS2000', '没有 .prj；坐标看起来是经纬度，按 2000国家大地坐标系读取'));
  }
  if (crs && (crs.datum === 'Xian1980' || crs.datum === 'Beijing1954')) {
    problems.push(problem('warning', 'prj-datum', { file: set.prj!.name }, `uses the ${crs.datum === 'Xian1980' ? 'Xian 1980' : 'Beijing 1954'} datum; it differs from CGCS2000 by tens of metres and needs official transformation parameters`, `使用${crs.datum === 'Xian1980' ? '西安80' : '北京54'}坐标系，与 2000国家大地坐标系相差数十米，需要官方转换参数`));
  }
  const kind = sidecar?.kind && (LAYER_KINDS as readonly string[]).includes(sidecar.kind) ? sidecar.kind : null;
  return {
    name: baseName(set.shp.name),
    files: { shp: set.shp.name, dbf: set.dbf?.name ?? null, shx: set.shx?.name ?? null, prj: set.prj?.name ?? null, cpg: set.cpg?.name ?? null },
    features, shapeType: SHAPE_TYPES[header.shapeType].name, family, isAreaLayer, fields, encoding, crs, coordinates, bbox,
    kind, restoredNames: restore.size > 0, problems,
  };
}

function readSets(sets: PartSet[], options: ShapefileReadOptions, problems: Problem[], file: string): ShapefileResult {
  const layers: ShapefileLayer[] = [];
  if (!sets.some((s) => s.shp)) {
    // Nothing to read: say which .shp each group lacks.
    const missing = sets.flatMap((s) => { const r = readPartSet(s, options); return 'features' in r ? [] : r.problems; });
    return { ok: false, problems: [...problems, ...(missing.length > 0 ? missing : [problem('error', 'shp-missing', { file }, 'holds no Shapefile (.shp)', '不包含 Shapefile（.shp）')])] };
  }
  for (const s of sets) {
    if (!s.shp) {
      const orphans = [s.dbf, s.shx].filter((f): f is InputFile => f !== null).map((f) => f.name);
      if (orphans.length > 0) problems.push(problem('warning', 'shp-missing', { file: `${s.base}.shp` }, `is missing; ${orphans.join(', ')} ignored`, `缺失；已忽略 ${orphans.join('、')}`));
      continue;
    }
    const r = readPartSet(s, options);
    if ('features' in r) layers.push(r);
    else problems.push(...r.problems);
  }
  if (layers.length === 0) return { ok: false, problems };
  return { ok: true, layers, problems };
}

/** Reads every Shapefile in a .zip (folders allowed; __MACOSX ignored). */
export function readShapefileZip(bytes: Uint8Array, file: string, options: ShapefileReadOptions = {}): ShapefileResult {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...options.zipLimits };
  const zip = readZip(bytes, file, (name) => PART_EXTS.has(ext(name)) || name.toLowerCase().endsWith(SIDECAR), limits);
  if (!zip.ok) return zip;
  const problems = [...zip.problems];
  const files: InputFile[] = [...zip.files].map(([name, b]) => ({ name: `${file}/${name}`, bytes: b }));
  if (files.length === 0 && zip.problems.length === 0) {
    const sample = (zip.entries ?? []).slice(0, 5).map((e) => e.name).join(', ');
    return { ok: false, problems: [problem('error', 'shp-missing', { file }, `holds no Shapefile (.shp/.dbf); it contains ${sample || 'nothing'}`, `不包含 Shapefile（.shp/.dbf）；其中有 ${sample || '（空）'}`)] };
  }
  return readSets(groupParts(files), options, problems, file);
}

/** Reads loose parts (.shp with .dbf/.shx/.prj/.cpg by the same base name); several Shapefiles may be mixed. */
export function readShapefileFiles(files: readonly InputFile[], options: ShapefileReadOptions = {}): ShapefileResult {
  const name = files[0]?.name ?? 'shapefile';
  return readSets(groupParts(files), options, [], name);
}

// ---------------------------------------------------------------- writing

export interface ShapefileWriteInput {
  name?: string;
  kind?: LayerKind;
  features: ReadonlyArray<Feature<Geometry | null, Record<string, unknown> | null>>;
}

export interface ShapefileWriteOptions {
  /** .dbf text encoding: UTF-8 (default, with a .cpg) or GBK for old desktop GIS. */
  encoding?: 'utf-8' | 'gbk';
  /** Header date of the .dbf and file times in the zip (default: now). */
  date?: Date;
  /** Also write `<name>.parkatlas` (field names and kind) so Park Atlas reads its export back exactly. Default true. */
  sidecar?: boolean;
}

export type ShapefileWriteResult =
  | { ok: true; bytes: Uint8Array; fileName: string; fields: DbfWriteField[]; problems: Problem[] }
  | { ok: false; problems: Problem[] };

const safeFileName = (name: string) => name.replace(/[\\/:*?"<>|\0]/g, '_').trim() || 'layer';

/** Any layer → Shapefile zip with .shp/.shx/.dbf/.prj/.cpg (and the Park Atlas sidecar). */
export function writeShapefileZip(layer: ShapefileWriteInput, options: ShapefileWriteOptions = {}): ShapefileWriteResult {
  const encoding = options.encoding ?? 'utf-8';
  const date = options.date ?? new Date();
  const base = safeFileName(layer.name ?? 'layer');
  const file = `${base}.zip`;
  const problems: Problem[] = [];

  // One shape type per Shapefile.
  let shapeType: WritableShapeType | null = null;
  const geometries: Array<Geometry | null> = [];
  for (let i = 0; i < layer.features.length; i++) {
    const f = layer.features[i];
    const t = shapeTypeOf(f.geometry);
    const where = { file, featureIndex: i, ...(f.id !== undefined ? { featureId: String(f.id) } : {}) };
    if (t === null) {
      problems.push(problem('warning', 'geometry-type', where, `geometry ${f.geometry?.type} cannot be stored in a Shapefile; written without geometry`, `几何类型 ${f.geometry?.type} 无法写入 Shapefile，已写为空图形`));
      geometries.push(null);
      continue;
    }
    if (t !== 0) {
      if (shapeType === null) shapeType = t;
      else if (t !== shapeType) {
        return { ok: false, problems: [problem('error', 'geometry-mixed', where, `mixes ${SHAPE_TYPES[shapeType].name} and ${SHAPE_TYPES[t].name}; a Shapefile holds one shape type`, `混合了 ${SHAPE_TYPES[shapeType].name} 与 ${SHAPE_TYPES[t].name}；一个 Shapefile 只能有一种图形类型`)] };
      }
    }
    geometries.push(f.geometry ?? null);
  }
  const { shp, shx } = writeShp(geometries, shapeType ?? 5);

  // Attribute columns: the feature id first, then properties in order of first appearance.
  const hasTopId = layer.features.some((f) => f.id !== undefined && f.id !== null);
  const hasPropId = layer.features.some((f) => f.properties && 'id' in f.properties);
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const f of layer.features) for (const k of Object.keys(f.properties ?? {})) if (!seen.has(k)) { seen.add(k); keys.push(k); }
  const records = layer.features.map((f) => (hasTopId ? { ...(f.properties ?? {}), '@id': f.id ?? null } : f.properties ?? {}));
  const names = shortFieldNames(keys, encoding);
  if (hasTopId) {
    const taken = new Set([...names.values()].map((n) => n.toUpperCase()));
    let idName = hasPropId ? 'FEATURE_ID' : 'ID';
    for (let k = 1; taken.has(idName); k++) idName = `FEATURE_ID${k}`.slice(0, 10);
    names.set('@id', idName);
    // The id column goes first, as desktop GIS users expect.
    const ordered = new Map<string, string>([['@id', idName], ...[...names].filter(([p]) => p !== '@id')]);
    names.clear();
    for (const [p, n] of ordered) names.set(p, n);
  }
  if (names.size > MAX_DBF_FIELDS) {
    return { ok: false, problems: [problem('error', 'dbf-too-many-fields', { file }, `has ${names.size} properties; a .dbf holds at most ${MAX_DBF_FIELDS}`, `有 ${names.size} 个属性，.dbf 最多 ${MAX_DBF_FIELDS} 个字段`)] };
  }
  const fields = planDbfFields(records, names, encoding);
  const ids = layer.features.map((f, i) => (f.id !== undefined && f.id !== null ? String(f.id) : `#${i + 1}`));
  const dbf = writeDbf(records, fields, { encoding, date, file: `${base}.dbf`, ids });
  problems.push(...dbf.problems);

  // Schema names get their documented short names (SHAPEFILE_FIELD_NAMES); only other names cut to fit are news.
  const renamed = fields.filter((f) => f.property !== '@id' && f.property !== f.name && !SHAPEFILE_FIELD_NAMES[f.property]);
  if (renamed.length > 0) {
    problems.push(problem('warning', 'dbf-names-shortened', { file: `${base}.dbf` }, `field names are limited to 10 bytes: ${renamed.map((f) => `${f.property} → ${f.name}`).join(', ')}`, `字段名最长 10 字节：${renamed.map((f) => `${f.property} → ${f.name}`).join('，')}`));
  }
  const enc = new TextEncoder();
  // ZIP (DOS) times cover 1980–2099 only.
  const mtime = new Date(Math.min(Math.max(date.getTime(), Date.UTC(1980, 0, 2)), Date.UTC(2099, 11, 31)));
  const entries: Zippable = {
    [`${base}.shp`]: [shp, { mtime }],
    [`${base}.shx`]: [shx, { mtime }],
    [`${base}.dbf`]: [dbf.bytes, { mtime }],
    [`${base}.prj`]: [enc.encode(CGCS2000_WKT), { mtime }],
    [`${base}.cpg`]: [enc.encode(encoding === 'gbk' ? '936' : 'UTF-8'), { mtime }],
  };
  if (options.sidecar !== false) {
    const sidecar: Sidecar = {
      format: 'park-atlas-shapefile', version: 1, kind: layer.kind ?? null,
      fields: fields.map((f) => ({ dbf: f.name, property: f.property, kind: f.kind })),
    };
    entries[`${base}${SIDECAR}`] = [enc.encode(JSON.stringify(sidecar, null, 1)), { mtime }];
  }
  const bytes = zipSync(entries, { level: 6 });
  return { ok: true, bytes, fileName: file, fields, problems };
}
