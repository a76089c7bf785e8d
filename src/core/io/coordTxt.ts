// 坐标TXT (勘测定界 / 报批坐标文件) driver, DESIGN §7: text → parcels in lon/lat (CGCS2000), and back.
// Layout (as bureaus exchange it; e.g. cnblogs.com/znlgis/p/19274558 and cnblogs.com/loveyl/p/19088909):
//   [属性描述]  key=value lines: 坐标系, 几度分带, 投影类型, 计量单位, 带号, 精度, 转换参数 …
//   [地块坐标]  per parcel a header `界址点数,面积(公顷),地块编号,地块名称,图形属性,图幅号,地块用途,地类编码,@`
//              then points `点号,圈号,X(north),Y(east)`.
// The ring number only groups points: holes and multipart parcels are decided by containment, never by it.
// Every problem names the file and the line; any error rejects the whole file (a boundary with a point missing
// would have the wrong area), warnings come with the result.
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { geometryAreaM2 } from '../geodesy/area';
import {
  centralMeridian, describeZone, gaussKrugerConverter, guessZone, isZoneNumber, zoneFromNumber, zoneOfLongitude,
  type GaussKrugerZone, type Message, type ZoneGuess, type ZoneWidth,
} from '../geodesy/gaussKruger';
import { todayIso, type IsoDate } from '../dates';
import { cleanRing, ringSelfIntersection } from '../schema/geometry';
import { problem, type Problem } from '../schema/problems';
import type { LandUse } from '../schema/types';
import { decodeText, encodeText, type TextEncodingName } from './encoding';

/** A problem that also carries the 1-based line of the file it is about (its message says it too). */
export type LineProblem = Problem & { line?: number };

/** Header fields of a parcel, in file order (DESIGN §7); the keys are the properties they are kept under. */
export const COORD_TXT_HEADER_FIELDS = ['界址点数', '地块面积', '地块编号', '地块名称', '图形属性', '图幅号', '地块用途', '地类编码'] as const;
// The 13-field layout of land-consolidation files continues with these (cnblogs.com/znlgis/p/19274558).
const EXTRA_HEADER_FIELDS = ['图斑类型', '地类', '改造前质量等别', '改造后质量等别', '备注'];

/** Property holding the point names (界址点号), shaped like the geometry's coordinates, for writing them back. */
export const POINT_NAMES_PROPERTY = '界址点号';

const SQUARE_METERS_PER_HECTARE = 10_000;
/** DESIGN §7 / the brief: a header area more than 0.0001 公顷 from the planar area is worth a warning. */
const AREA_TOLERANCE_HA = 0.0001;

export interface CoordTxtParcel {
  id: string;
  /** Line of the parcel's header. */
  line: number;
  name: string | null;
  shape: 'polygon' | 'line' | 'point';
  /** 界址点数 as written in the header (null when empty). */
  headerPointCount: number | null;
  /** Point lines actually read, closing points included. */
  pointCount: number;
  /** 地块面积 as written, and the unit it turned out to be in. */
  headerArea: number | null;
  headerAreaUnit: 'ha' | 'm2' | 'mu' | null;
  /** Shoelace area in the projection: what TXT headers and CAD report. Null for lines and points. */
  planarAreaM2: number | null;
  /** Area on the CGCS2000 ellipsoid (src/core/geodesy/area.ts): what land surveys report. */
  ellipsoidalAreaM2: number | null;
}

/** What a read file remembers for writing it back: its [属性描述] and other sections, and the zone. */
export interface CoordTxtSource {
  attributes: Record<string, string>;
  sections: Record<string, string[]>;
  zone: GaussKrugerZone;
}

export type CoordTxtLayer = FeatureCollection<Geometry> & { kind?: 'parcel'; name?: string; coordTxt: CoordTxtSource };

export interface CoordTxtDocument {
  layer: CoordTxtLayer;
  parcels: CoordTxtParcel[];
  zone: GaussKrugerZone;
  /** Why this zone: from an option, the header's 带号, or the easting prefix. */
  zoneSource: 'option' | 'header' | 'prefix';
  zoneReason: Message;
  encoding: TextEncodingName;
  /** Warnings (a successful read has no errors). */
  problems: LineProblem[];
}

/** On failure because the zone is unknown, `zoneGuess` has what the import dialog offers (with a longitude hint). */
export type CoordTxtResult = { ok: true; value: CoordTxtDocument } | { ok: false; problems: LineProblem[]; zoneGuess?: ZoneGuess };

export interface CoordTxtReadOptions {
  /** The zone when the file does not say it (or to override 带号): a zone number (25–45 → 3°, 13–23 → 6°) or a zone. */
  zone?: number | GaussKrugerZone;
  /** The text encoding, when known (a BOM still wins); otherwise UTF-8 if valid, else GBK. */
  encoding?: string;
  /** An approximate longitude of the data (e.g. the park's), for a zone guess when the file cannot tell. */
  longitudeHint?: number;
}

interface RawPoint {
  name: string;
  ring: number;
  north: number;
  east: number;
  line: number;
}

interface RawParcel {
  line: number;
  fields: string[];
  points: RawPoint[];
}

interface Ring {
  points: RawPoint[];
  line: number;
  /** Index in file order within the parcel. */
  order: number;
  closedInFile: boolean;
  signedArea: number;
  depth: number;
  polygon: number;
}

const SECTION_RE = /^[[【［]\s*([^\]】］]+?)\s*[\]】］]$/;
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SEPARATOR_RE = /\s*[,，]\s*/;

const baseName = (file: string) => file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
const fmt = (v: number, digits = 3) => v.toFixed(digits);
const fmtHa = (m2: number) => (m2 / SQUARE_METERS_PER_HECTARE).toFixed(4);

function lineProblem(
  severity: 'error' | 'warning', code: string, file: string, line: number | null, en: string, zh: string, featureId?: string,
): LineProblem {
  const p: LineProblem = problem(severity, code, { file, featureId }, line !== null ? `line ${line}: ${en}` : en, line !== null ? `第 ${line} 行：${zh}` : zh);
  if (line !== null) p.line = line;
  return p;
}

// ------------------------------------------------------------------------------------------------------------
// [属性描述]: keys as found in the wild, mapped to the standard names.

const ATTRIBUTE_ALIASES: Record<string, string[]> = {
  坐标系: ['坐标系', '坐标系统', '坐标系名称', '大地坐标系', '平面坐标系'],
  几度分带: ['几度分带', '分带', '分带方式', '分带类型', '投影分带', '带宽', '度带'],
  投影类型: ['投影类型', '投影方式', '投影'],
  计量单位: ['计量单位', '单位', '坐标单位', '长度单位'],
  带号: ['带号', '投影带号', '分带号'],
  精度: ['精度', '坐标精度'],
  转换参数: ['转换参数', '七参数', '坐标转换参数'],
};
const STANDARD_KEY = new Map<string, string>();
for (const [standard, aliases] of Object.entries(ATTRIBUTE_ALIASES)) for (const a of aliases) STANDARD_KEY.set(a, standard);

/** Zone width from `3`, `3度`, `3度带`, `三度带`, `6°` …; null when unreadable. */
export function readZoneWidth(value: string): ZoneWidth | null {
  const v = value.replace(/\s/g, '');
  if (/^(3|三)(度|°)?(分?带)?$/.test(v)) return 3;
  if (/^(6|六)(度|°)?(分?带)?$/.test(v)) return 6;
  return null;
}

// ------------------------------------------------------------------------------------------------------------
// 地块用途 / 地类编码 → landUse, only where obvious (GB/T 21010-2017 names and codes; 2007 three-digit codes too).

const LAND_USE_WORDS: Array<[RegExp, LandUse]> = [
  [/绿地|公园/, 'green'],
  [/工业|工矿/, 'industrial'],
  [/仓储|物流/, 'warehouse'],
  [/住宅|居住/, 'residential'],
  [/商业|商服|商务|零售|批发|餐饮|旅馆|办公/, 'commercial'],
  [/道路|公路|街巷/, 'road'],
  [/公共管理|公共服务|机关团体|科教|教育|医疗|卫生|文化|体育|公用设施/, 'public'],
];

const LAND_USE_CODES: Array<[RegExp, LandUse]> = [
  [/^(0810|087)$/, 'green'],
  [/^(0601|061)$/, 'industrial'],
  [/^(0508|063)$/, 'warehouse'],
  [/^(07\d\d|07[12])$/, 'residential'],
  [/^(05\d\d|05[1-4])$/, 'commercial'],
  [/^(1003|1004|102)$/, 'road'],
  [/^(08\d\d|08[1-8])$/, 'public'],
];

/** landUse from 地块用途 (words first) or 地类编码; null when it is not obvious. */
export function landUseFromCoordTxt(use: string | undefined, code: string | undefined): LandUse | null {
  if (use) for (const [re, lu] of LAND_USE_WORDS) if (re.test(use)) return lu;
  if (code) for (const [re, lu] of LAND_USE_CODES) if (re.test(code.trim())) return lu;
  return null;
}

const LAND_USE_NAMES: Record<LandUse, string> = {
  industrial: '工业用地', warehouse: '仓储用地', commercial: '商业服务业用地', residential: '住宅用地',
  public: '公共管理与公共服务用地', road: '道路用地', green: '绿地', other: '',
};

// ------------------------------------------------------------------------------------------------------------
// Planar geometry on [east, north] in metres, relative to a local origin for precision.

function shoelace(points: readonly RawPoint[], e0: number, n0: number): number {
  let s = 0;
  const n = points.length;
  for (let i = 0; i < n; i++) {
    const a = points[i];
    const b = points[(i + 1) % n];
    s += (a.east - e0) * (b.north - n0) - (b.east - e0) * (a.north - n0);
  }
  return s / 2;
}

/** 1 inside, 0 on the boundary, −1 outside. */
function pointInRing(e: number, n: number, ring: readonly RawPoint[]): number {
  let inside = false;
  const len = ring.length;
  for (let i = 0, j = len - 1; i < len; j = i++) {
    const a = ring[i];
    const b = ring[j];
    const cross = (b.east - a.east) * (n - a.north) - (b.north - a.north) * (e - a.east);
    if (cross === 0 && Math.min(a.east, b.east) <= e && e <= Math.max(a.east, b.east) && Math.min(a.north, b.north) <= n && n <= Math.max(a.north, b.north)) return 0;
    if ((a.north > n) !== (b.north > n) && e < ((b.east - a.east) * (n - a.north)) / (b.north - a.north) + a.east) inside = !inside;
  }
  return inside ? 1 : -1;
}

/** Whether ring `inner` lies inside `outer`, and whether its vertices disagree (the rings cross). */
function ringInside(inner: readonly RawPoint[], outer: readonly RawPoint[]): { inside: boolean; crossing: boolean } {
  let ins = 0, outs = 0;
  for (const p of inner) {
    const r = pointInRing(p.east, p.north, outer);
    if (r > 0) ins++;
    else if (r < 0) outs++;
  }
  return { inside: ins > 0 && ins >= outs, crossing: ins > 0 && outs > 0 };
}

const samePosition = (a: RawPoint, b: RawPoint) => a.east === b.east && a.north === b.north;

// ------------------------------------------------------------------------------------------------------------

/** Whether text looks like a 坐标TXT file (for format detection). */
export function looksLikeCoordTxt(text: string): boolean {
  return /[[【［]\s*(地块坐标|属性描述)\s*[\]】］]/.test(text.slice(0, 20_000));
}

/** Reads a 坐标TXT file (bytes in GBK or UTF-8, or already decoded text). */
export function readCoordTxt(input: Uint8Array | string, file: string, options: CoordTxtReadOptions = {}): CoordTxtResult {
  const problems: LineProblem[] = [];
  const err = (code: string, line: number | null, en: string, zh: string, featureId?: string) => problems.push(lineProblem('error', code, file, line, en, zh, featureId));
  const warn = (code: string, line: number | null, en: string, zh: string, featureId?: string) => problems.push(lineProblem('warning', code, file, line, en, zh, featureId));
  const fail = (): CoordTxtResult => ({ ok: false, problems });

  let text: string;
  let encoding: TextEncodingName = 'utf-8';
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    const decoded = decodeText(input, options.encoding);
    text = decoded.text;
    encoding = decoded.encoding;
    if (decoded.replacements > 0) {
      warn('encoding-replacements', null, `${decoded.replacements} byte sequence(s) could not be decoded as ${decoded.encoding}; names may be garbled`, `有 ${decoded.replacements} 处字节无法按 ${decoded.encoding} 解码，名称可能出现乱码`);
    }
  }
  if (text.trim() === '') {
    err('empty-file', null, 'is empty', '文件为空');
    return fail();
  }

  // --- split into sections -----------------------------------------------------------------------------
  const lines = text.split(/\r\n|\r|\n/);
  const attributes: Record<string, string> = {};
  const attributeLines: Record<string, number> = {};
  const sections: Record<string, string[]> = {};
  let section: string | null = null;
  let attributesLine: number | null = null;
  let parcelsLine: number | null = null;
  let ignoredBefore: number | null = null;
  const parcels: RawParcel[] = [];
  let extraFieldsWarned = false;
  let strayDataLine: number | null = null;
  let orphanReported = false;

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i].replace(/^\uFEFF/, '').trim();
    if (raw === '') continue;
    const sm = SECTION_RE.exec(raw);
    if (sm) {
      section = sm[1];
      if (section === '属性描述') attributesLine = lineNo;
      else if (section === '地块坐标') parcelsLine = lineNo;
      else sections[section] = sections[section] ?? [];
      continue;
    }
    if (section === null) {
      ignoredBefore = ignoredBefore ?? lineNo;
      continue;
    }
    if (section === '属性描述') {
      const eq = raw.search(/[=＝]/);
      if (eq < 0) {
        // Parcel data here means the [地块坐标] line is missing: said once, below, rather than once per line.
        if (/@$|^[^,，]*[,，]\s*\d+\s*[,，]/.test(raw)) strayDataLine = strayDataLine ?? lineNo;
        else warn('attribute-unreadable', lineNo, `"${raw.slice(0, 40)}" in [属性描述] is not a key=value line; ignored`, `[属性描述] 中的 "${raw.slice(0, 40)}" 不是“键=值”格式，已忽略`);
        continue;
      }
      const key = raw.slice(0, eq).trim();
      const value = raw.slice(eq + 1).trim();
      attributes[key] = value;
      attributeLines[STANDARD_KEY.get(key) ?? key] = lineNo;
      continue;
    }
    if (section !== '地块坐标') {
      sections[section].push(raw);
      continue;
    }
    // [地块坐标]
    // Commas as the standard has it; some tools separate point fields by spaces or tabs instead.
    const fields = /[,，]/.test(raw) ? raw.split(SEPARATOR_RE) : raw.split(/\s+/);
    if (fields[fields.length - 1] === '@' || raw.endsWith('@')) {
      if (fields[fields.length - 1] !== '@') fields[fields.length - 1] = fields[fields.length - 1].replace(/@$/, '').trim();
      else fields.pop();
      parcels.push({ line: lineNo, fields, points: [] });
      continue;
    }
    const current = parcels[parcels.length - 1];
    if (!current) {
      if (orphanReported) continue;
      orphanReported = true;
      err('point-before-header', lineNo, `"${raw.slice(0, 60)}" comes before any parcel header (a line ending with ",@")`, `"${raw.slice(0, 60)}" 出现在任何地块头行（以 ",@" 结尾）之前`);
      continue;
    }
    while (fields.length > 4 && fields[fields.length - 1] === '') fields.pop();
    if (fields.length < 4) {
      err('point-garbled', lineNo, `"${raw.slice(0, 60)}" is neither a parcel header (ending with ",@") nor a point "点号,圈号,X,Y"`, `"${raw.slice(0, 60)}" 既不是地块头行（以 ",@" 结尾），也不是界址点行“点号,圈号,X,Y”`);
      continue;
    }
    if (fields.length > 4 && !extraFieldsWarned) {
      extraFieldsWarned = true;
      warn('point-extra-fields', lineNo, `a point line has ${fields.length} fields; only 点号,圈号,X,Y are read`, `界址点行有 ${fields.length} 个字段，只读取 点号,圈号,X,Y`);
    }
    const [name, ringText, northText, eastText] = fields;
    let ok = true;
    if (!/^\d+$/.test(ringText)) {
      err('ring-number-invalid', lineNo, `ring number (圈号) "${ringText}" is not a whole number`, `圈号 "${ringText}" 不是整数`);
      ok = false;
    }
    if (!NUMBER_RE.test(northText)) {
      err('coordinate-not-number', lineNo, `X (northing) "${northText}" is not a number`, `X 坐标（纵坐标）"${northText}" 不是数值`);
      ok = false;
    }
    if (!NUMBER_RE.test(eastText)) {
      err('coordinate-not-number', lineNo, `Y (easting) "${eastText}" is not a number`, `Y 坐标（横坐标）"${eastText}" 不是数值`);
      ok = false;
    }
    if (ok) current.points.push({ name, ring: Number(ringText), north: Number(northText), east: Number(eastText), line: lineNo });
  }

  if (ignoredBefore !== null) {
    warn('text-before-section', ignoredBefore, 'text before the first [section] is ignored', '第一个 [节] 之前的内容已忽略');
  }
  if (parcelsLine === null) {
    if (strayDataLine !== null) {
      err('section-missing', strayDataLine, 'parcel data starts here, inside [属性描述]: the [地块坐标] section header is missing', '地块数据从此行开始，却位于 [属性描述] 中：缺少 [地块坐标] 节标题');
    } else {
      err('section-missing', null, 'has no [地块坐标] section: not a 坐标TXT file, or the section header is missing', '缺少 [地块坐标] 节：不是坐标TXT文件，或缺少该节标题');
    }
    return fail();
  }
  if (strayDataLine !== null) {
    warn('attribute-unreadable', strayDataLine, 'parcel data inside [属性描述] (before [地块坐标]) is ignored', '[属性描述] 中（[地块坐标] 之前）的地块数据已忽略');
  }
  if (attributesLine === null) {
    if (options.zone === undefined) {
      err('section-missing', parcelsLine, 'has no [属性描述] section before [地块坐标], so the coordinate system and zone are unknown; give the zone (--zone N) if it is CGCS2000 Gauss-Kruger', '[地块坐标] 之前缺少 [属性描述] 节，坐标系与分带不明；若为 2000 坐标系高斯投影，请指定分带（--zone N）');
    } else {
      warn('section-missing', parcelsLine, 'has no [属性描述] section; read as CGCS2000 Gauss-Kruger in the zone given', '缺少 [属性描述] 节；按指定分带的 2000 坐标系高斯投影读取');
    }
  }
  if (parcels.length === 0) {
    err('no-parcels', parcelsLine, '[地块坐标] has no parcel (no header line ending with ",@")', '[地块坐标] 中没有地块（没有以 ",@" 结尾的头行）');
  }
  if (problems.some((p) => p.severity === 'error')) return fail();

  // --- [属性描述]: coordinate system, projection, unit, zone ----------------------------------------------
  const std: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    const s = STANDARD_KEY.get(key);
    if (s && std[s] === undefined) std[s] = value;
  }
  const crsText = std['坐标系'] ?? '';
  if (/西安|xian|1980|80/i.test(crsText) && !/2000/.test(crsText)) {
    err('crs-unsupported', attributeLines['坐标系'], `坐标系 "${crsText}" is Xian 1980; only CGCS2000 (2000国家大地坐标系) is read: transform the coordinates first`, `坐标系 "${crsText}" 为 1980西安坐标系；只能读取 2000国家大地坐标系，请先转换坐标`);
  } else if (/北京|beijing|1954|54/i.test(crsText) && !/2000/.test(crsText)) {
    err('crs-unsupported', attributeLines['坐标系'], `坐标系 "${crsText}" is Beijing 1954; only CGCS2000 (2000国家大地坐标系) is read: transform the coordinates first`, `坐标系 "${crsText}" 为 1954北京坐标系；只能读取 2000国家大地坐标系，请先转换坐标`);
  } else if (/wgs/i.test(crsText)) {
    warn('crs-wgs84', attributeLines['坐标系'], `坐标系 "${crsText}": read as CGCS2000 (the two differ by centimetres)`, `坐标系 "${crsText}"：按 2000国家大地坐标系读取（二者相差厘米级）`);
  } else if (crsText === '' && attributesLine !== null) {
    warn('crs-assumed', attributeLines['坐标系'] ?? attributesLine, '坐标系 is not given; read as CGCS2000 (2000国家大地坐标系)', '未给出坐标系；按 2000国家大地坐标系读取');
  } else if (crsText !== '' && !/2000|cgcs/i.test(crsText)) {
    warn('crs-assumed', attributeLines['坐标系'], `坐标系 "${crsText}" is not recognised; read as CGCS2000`, `无法识别坐标系 "${crsText}"，按 2000国家大地坐标系读取`);
  }
  const projection = std['投影类型'] ?? '';
  if (/utm|兰伯特|lambert|albers|阿尔伯斯/i.test(projection) || (/墨卡托|mercator/i.test(projection) && !/高斯|gauss|横轴|transverse/i.test(projection))) {
    err('projection-unsupported', attributeLines['投影类型'], `投影类型 "${projection}" is not Gauss-Kruger; only Gauss-Kruger files are read`, `投影类型 "${projection}" 不是高斯-克吕格投影；只能读取高斯投影坐标`);
  }
  const unit = std['计量单位'] ?? '';
  if (unit !== '' && !/^(米|m|metres?|meters?|公尺)$/i.test(unit)) {
    err('unit-unsupported', attributeLines['计量单位'], `计量单位 "${unit}" is not metres`, `计量单位 "${unit}" 不是米`);
  }
  const params = (std['转换参数'] ?? '').split(SEPARATOR_RE).filter((s) => s !== '');
  if (params.some((s) => !NUMBER_RE.test(s) || Number(s) !== 0)) {
    warn('transform-not-applied', attributeLines['转换参数'], `转换参数 "${std['转换参数']}" is not applied: the coordinates are read as CGCS2000 as they stand`, `未应用转换参数 "${std['转换参数']}"：坐标按原值作为 2000国家大地坐标系读取`);
  }
  let headerWidth: ZoneWidth | null = null;
  if (std['几度分带'] !== undefined && std['几度分带'] !== '') {
    headerWidth = readZoneWidth(std['几度分带']);
    if (headerWidth === null) {
      err('zone-width-invalid', attributeLines['几度分带'], `几度分带 "${std['几度分带']}" is neither 3 nor 6`, `几度分带 "${std['几度分带']}" 既不是 3 也不是 6`);
    }
  }
  let headerZone: number | null = null;
  const zoneText = (std['带号'] ?? '').trim();
  if (zoneText !== '') {
    if (!/^\d+$/.test(zoneText)) {
      err('zone-invalid', attributeLines['带号'], `带号 "${zoneText}" is not a zone number`, `带号 "${zoneText}" 不是分带号`);
    } else {
      let n = Number(zoneText);
      // Some files give the central meridian (e.g. 117) as 带号.
      if (!zoneFromNumber(n) && n >= 75 && n <= 135 && n % 3 === 0) {
        const width: ZoneWidth = headerWidth ?? 3;
        const zone = width === 3 ? n / 3 : (n + 3) / 6;
        warn('zone-is-meridian', attributeLines['带号'], `带号 ${n} reads as a central meridian: ${width}° zone ${zone}`, `带号 ${n} 按中央经线理解：${width}度带第 ${zone} 带`);
        n = zone;
      }
      const z = zoneFromNumber(n);
      if (!z) {
        err('zone-invalid', attributeLines['带号'], `带号 ${n} is not a CGCS2000 zone (3°: 25–45, 6°: 13–23)`, `带号 ${n} 不是 2000 坐标系的分带（3度带 25–45，6度带 13–23）`);
      } else if (headerWidth !== null && z.width !== headerWidth) {
        err('zone-width-mismatch', attributeLines['带号'], `带号 ${n} is a ${z.width}° zone but 几度分带 says ${headerWidth}°`, `带号 ${n} 属于 ${z.width}度带，但几度分带为 ${headerWidth}度`);
      } else {
        headerZone = n;
      }
    }
  }

  // --- points: column order, zone prefix ---------------------------------------------------------------
  const allPoints = parcels.flatMap((p) => p.points);
  if (allPoints.length === 0) {
    err('no-points', parcels[0].line, 'no parcel has any point', '没有任何地块包含界址点');
    return fail();
  }
  // Degrees where metres belong (a lon/lat list pasted into the template): no Chinese northing is below 300 km.
  if (allPoints.every((p) => Math.abs(p.north) <= 90 && Math.abs(p.east) <= 180)) {
    const p0 = allPoints[0];
    err('coordinates-degrees', p0.line, `X ${p0.north}, Y ${p0.east} look like latitude/longitude in degrees, not metres: a 坐标TXT holds Gauss-Kruger metres (X northing, Y easting); convert the points first`, `X ${p0.north}、Y ${p0.east} 像是以度为单位的纬度/经度，而非米：坐标TXT 应为高斯投影米制坐标（X 纵坐标，Y 横坐标），请先转换`);
    return fail();
  }
  // X is north and Y east. An easting with a zone number (≥ 1e7) can never be a northing in China, and a value in
  // 1e6–1e7 can never be an easting: either in the wrong column means the columns are swapped.
  const swapped = allPoints.every((p) => (p.north >= 10_000_000 || (p.east >= 1_000_000 && p.east < 10_000_000)) && p.east < 10_000_000);
  if (swapped) {
    warn('columns-swapped', allPoints[0].line, 'X and Y are swapped in this file (Y, the easting, comes first): read the other way round', '本文件 X、Y 顺序颠倒（横坐标 Y 在前），已按对调后读取');
    for (const p of allPoints) [p.north, p.east] = [p.east, p.north];
  }
  const first = allPoints[0];
  const prefixed = first.east >= 10_000_000;
  const prefixZone = prefixed ? Math.floor(first.east / 1_000_000) : null;
  for (const p of allPoints) {
    if (p.north <= 0 || p.north >= 7_000_000) {
      err('northing-out-of-range', p.line, `X (northing) ${fmt(p.north)} is outside 0…7 000 000 m`, `X 坐标（纵坐标）${fmt(p.north)} 超出 0…7000000 米`);
    } else if (prefixed ? Math.floor(p.east / 1_000_000) !== prefixZone || p.east >= 100_000_000 : p.east <= 0 || p.east >= 1_000_000) {
      const en = prefixed
        ? `Y (easting) ${fmt(p.east)} does not start with the zone number ${prefixZone} of the file's first point (line ${first.line})`
        : `Y (easting) ${fmt(p.east)} is out of range: the file's first point (line ${first.line}) has no zone number, so eastings must lie within 0…1 000 000 m`;
      const zh = prefixed
        ? `Y 坐标（横坐标）${fmt(p.east)} 的带号与文件第一个点（第 ${first.line} 行）的带号 ${prefixZone} 不同`
        : `Y 坐标（横坐标）${fmt(p.east)} 超出范围：文件第一个点（第 ${first.line} 行）不带带号，横坐标应在 0…1000000 米内`;
      err('easting-out-of-range', p.line, en, zh);
    }
  }
  if (problems.some((p) => p.severity === 'error')) return fail();

  // --- the zone -----------------------------------------------------------------------------------------
  let zone: GaussKrugerZone | null = null;
  let zoneSource: CoordTxtDocument['zoneSource'] = 'prefix';
  let zoneReason: Message = { en: '', zh: '' };
  const zoneLine = attributeLines['带号'] ?? attributesLine ?? first.line;
  if (prefixZone !== null && !zoneFromNumber(prefixZone)) {
    err('zone-invalid', first.line, `the easting ${fmt(first.east)} starts with ${prefixZone}, which is not a CGCS2000 zone (3°: 25–45, 6°: 13–23)`, `横坐标 ${fmt(first.east)} 的带号 ${prefixZone} 不是 2000 坐标系的分带（3度带 25–45，6度带 13–23）`);
    return fail();
  }
  if (options.zone !== undefined) {
    const optionZone = typeof options.zone === 'number' ? zoneFromNumber(options.zone) : options.zone;
    if (!optionZone) {
      err('zone-invalid', null, `zone ${String(options.zone)} is not a CGCS2000 zone (3°: 25–45, 6°: 13–23)`, `分带 ${String(options.zone)} 不是 2000 坐标系的分带（3度带 25–45，6度带 13–23）`);
      return fail();
    }
    if (prefixZone !== null && optionZone.zone !== prefixZone) {
      err('zone-mismatch', first.line, `zone ${optionZone.zone} was given, but the eastings carry zone number ${prefixZone}`, `指定了第 ${optionZone.zone} 带，但横坐标带号为 ${prefixZone}`);
      return fail();
    }
    if (headerZone !== null && headerZone !== optionZone.zone) {
      warn('zone-overridden', attributeLines['带号'], `带号 ${headerZone} is overridden by the zone given, ${optionZone.zone}`, `带号 ${headerZone} 被指定的分带 ${optionZone.zone} 取代`);
    }
    zone = { width: optionZone.width, zone: optionZone.zone, prefixed };
    zoneSource = 'option';
    zoneReason = { en: `zone ${zone.zone} as given`, zh: `按指定的第 ${zone.zone} 带` };
  } else if (headerZone !== null) {
    if (prefixZone !== null && prefixZone !== headerZone) {
      err('zone-mismatch', attributeLines['带号'], `带号 is ${headerZone} but the eastings carry zone number ${prefixZone} (line ${first.line})`, `带号为 ${headerZone}，但横坐标带号为 ${prefixZone}（第 ${first.line} 行）`);
      return fail();
    }
    zone = { ...zoneFromNumber(headerZone)!, prefixed };
    zoneSource = 'header';
    zoneReason = { en: `带号 ${headerZone} in [属性描述] (line ${attributeLines['带号']})`, zh: `[属性描述] 中的带号 ${headerZone}（第 ${attributeLines['带号']} 行）` };
  } else if (prefixZone !== null) {
    zone = zoneFromNumber(prefixZone, true)!;
    if (headerWidth !== null && headerWidth !== zone.width) {
      err('zone-width-mismatch', attributeLines['几度分带'], `the eastings carry zone number ${prefixZone}, a ${zone.width}° zone, but 几度分带 says ${headerWidth}°`, `横坐标带号 ${prefixZone} 属于 ${zone.width}度带，但几度分带为 ${headerWidth}度`);
      return fail();
    }
    zoneSource = 'prefix';
    zoneReason = { en: `the zone number ${prefixZone} in front of the eastings (e.g. ${fmt(first.east)}, line ${first.line})`, zh: `横坐标前的带号 ${prefixZone}（如第 ${first.line} 行的 ${fmt(first.east)}）` };
  } else {
    err('zone-unknown', zoneLine, 'the zone is unknown: 带号 is empty and the eastings carry no zone number; give the zone (--zone N, 25–45 for 3° zones, 13–23 for 6°) or the EPSG code (--from EPSG:4534…4554)', '分带不明：带号为空且横坐标不带带号；请指定分带（--zone N，3度带 25–45，6度带 13–23）或 EPSG 代码（--from EPSG:4534…4554）');
    const zoneGuess = guessZone(allPoints.map((p) => p.east), allPoints.map((p) => p.north), { longitude: options.longitudeHint, ...(headerWidth ? { width: headerWidth } : {}) });
    return { ok: false, problems, zoneGuess };
  }
  const converter = gaussKrugerConverter(zone);

  // --- parcels --------------------------------------------------------------------------------------------
  const features: Feature<Geometry>[] = [];
  const parcelInfo: CoordTxtParcel[] = [];
  const seenIds = new Map<string, number>();
  const base = baseName(file);
  parcels.forEach((parcel, index) => {
    const f = parcel.fields;
    const props: Record<string, unknown> = {};
    let id = (f[2] ?? '').trim();
    if (id === '') {
      id = `${base}#${index + 1}`;
      warn('id-missing', parcel.line, `parcel has no 地块编号; called "${id}"`, `地块缺少地块编号，暂称 "${id}"`, id);
    } else if (seenIds.has(id)) {
      const original = id;
      id = `${id}#${index + 1}`;
      warn('id-duplicate', parcel.line, `地块编号 "${original}" is used again (first at line ${seenIds.get(original)}); called "${id}" here`, `地块编号 "${original}" 重复（第 ${seenIds.get(original)} 行已使用），此处改称 "${id}"`, original);
    }
    seenIds.set(id, parcel.line);
    const pid = id;
    const headerErr = (code: string, en: string, zh: string) => err(code, parcel.line, en, zh, pid);
    const pwarn = (code: string, line: number, en: string, zh: string) => warn(code, line, en, zh, pid);

    f.forEach((value, i) => {
      if (value === '') return;
      const key = i < COORD_TXT_HEADER_FIELDS.length ? COORD_TXT_HEADER_FIELDS[i] : i - COORD_TXT_HEADER_FIELDS.length < EXTRA_HEADER_FIELDS.length ? EXTRA_HEADER_FIELDS[i - COORD_TXT_HEADER_FIELDS.length] : `字段${i + 1}`;
      props[key] = value;
    });
    let headerPointCount: number | null = null;
    if (f[0] !== undefined && f[0] !== '') {
      if (!/^\d+$/.test(f[0])) headerErr('header-garbled', `界址点数 "${f[0]}" is not a whole number`, `界址点数 "${f[0]}" 不是整数`);
      else headerPointCount = Number(f[0]);
    }
    let headerArea: number | null = null;
    if (f[1] !== undefined && f[1] !== '') {
      if (!NUMBER_RE.test(f[1])) headerErr('header-garbled', `地块面积 "${f[1]}" is not a number`, `地块面积 "${f[1]}" 不是数值`);
      else headerArea = Number(f[1]);
    }
    if (headerPointCount !== null) props['界址点数'] = headerPointCount;
    if (headerArea !== null) props['地块面积'] = headerArea;
    const shapeText = (f[4] ?? '').trim();
    const shape: CoordTxtParcel['shape'] = shapeText === '线' || /^line/i.test(shapeText) ? 'line' : shapeText === '点' || /^point/i.test(shapeText) ? 'point' : 'polygon';
    if (shapeText !== '' && shapeText !== '面' && shape === 'polygon' && !/^(polygon|area)$/i.test(shapeText)) {
      pwarn('shape-unknown', parcel.line, `图形属性 "${shapeText}" is not 面/线/点; read as an area`, `图形属性 "${shapeText}" 不是 面/线/点，按面读取`);
    }
    if (parcel.points.length === 0) {
      headerErr('too-few-points', 'parcel has no points', '地块没有界址点');
      return;
    }

    // Group points into rings: a ring ends when its number changes, or when it returns to its first point.
    const rings: Ring[] = [];
    let cur: Ring | null = null;
    for (const p of parcel.points) {
      if (cur && p.ring === cur.points[0].ring && !cur.closedInFile) {
        cur.points.push(p);
        if (samePosition(p, cur.points[0])) cur.closedInFile = true;
      } else {
        cur = { points: [p], line: p.line, order: rings.length, closedInFile: false, signedArea: 0, depth: 0, polygon: -1 };
        rings.push(cur);
      }
    }
    // A lone point repeating the previous ring's start is that ring's closing point with a wrong 圈号.
    for (let i = rings.length - 1; i > 0; i--) {
      const r = rings[i], prev = rings[i - 1];
      if (r.points.length === 1 && !prev.closedInFile && samePosition(r.points[0], prev.points[0])) {
        pwarn('ring-number-closing', r.line, `the closing point has ring number ${r.points[0].ring} but closes ring ${prev.points[0].ring} (line ${prev.line}); read as its closing point`, `闭合点的圈号为 ${r.points[0].ring}，但闭合的是第 ${prev.line} 行开始的圈 ${prev.points[0].ring}；按该圈的闭合点读取`);
        prev.points.push(r.points[0]);
        prev.closedInFile = true;
        rings.splice(i, 1);
      }
    }
    rings.forEach((r, i) => { r.order = i; });

    const minPoints = shape === 'point' ? 1 : shape === 'line' ? 2 : 3;
    for (const r of rings) {
      const distinct = new Set(r.points.map((p) => `${p.east},${p.north}`)).size;
      if (distinct < minPoints) {
        err('too-few-points', r.line, `the ring starting here has ${distinct} distinct point(s); ${shape === 'polygon' ? 'an area needs at least 3' : `a ${shape} needs at least ${minPoints}`}`, `从此行开始的圈只有 ${distinct} 个不同的点；${shape === 'polygon' ? '面至少需要 3 个' : `至少需要 ${minPoints} 个`}`, pid);
      }
    }
    if (rings.some((r) => new Set(r.points.map((p) => `${p.east},${p.north}`)).size < minPoints)) return;

    if (headerPointCount !== null && headerPointCount !== parcel.points.length) {
      const withoutClosing = parcel.points.length - rings.filter((r) => r.closedInFile).length;
      const en = headerPointCount === withoutClosing
        ? `界址点数 is ${headerPointCount}, which leaves out the closing points; with them the parcel has ${parcel.points.length} point lines`
        : `界址点数 is ${headerPointCount} but the parcel has ${parcel.points.length} point lines`;
      const zh = headerPointCount === withoutClosing
        ? `界址点数为 ${headerPointCount}，未计闭合点；含闭合点共 ${parcel.points.length} 个点`
        : `界址点数为 ${headerPointCount}，但地块实有 ${parcel.points.length} 个点`;
      pwarn('point-count-mismatch', parcel.line, en, zh);
    }

    const toLonLat = (p: RawPoint): Position => converter.toLonLat(p.east, p.north);
    const name = typeof props['地块名称'] === 'string' ? (props['地块名称'] as string) : null;
    if (name !== null) props.name = name;
    const landUse = landUseFromCoordTxt(props['地块用途'] as string | undefined, props['地类编码'] as string | undefined);
    if (landUse) props.landUse = landUse;

    if (shape !== 'polygon') {
      pwarn('not-an-area', parcel.line, `图形属性 is "${shapeText}": the parcel is read as a ${shape}, not an area`, `图形属性为 "${shapeText}"：按${shape === 'line' ? '线' : '点'}读取，不是面`);
      const names = rings.map((r) => r.points.map((p) => p.name));
      const geometry: Geometry = shape === 'point'
        ? { type: 'MultiPoint', coordinates: rings.flatMap((r) => r.points.map(toLonLat)) }
        : rings.length === 1 ? { type: 'LineString', coordinates: rings[0].points.map(toLonLat) } : { type: 'MultiLineString', coordinates: rings.map((r) => r.points.map(toLonLat)) };
      props[POINT_NAMES_PROPERTY] = shape === 'point' ? names.flat() : rings.length === 1 ? names[0] : names;
      features.push({ type: 'Feature', id, properties: props, geometry });
      parcelInfo.push({ id, line: parcel.line, name, shape, headerPointCount, pointCount: parcel.points.length, headerArea, headerAreaUnit: null, planarAreaM2: null, ellipsoidalAreaM2: null });
      return;
    }

    // Close rings (warn), check closing points that differ from the first point.
    for (const r of rings) {
      const firstP = r.points[0];
      const lastP = r.points[r.points.length - 1];
      if (!r.closedInFile) {
        if (lastP !== firstP && lastP.name !== '' && lastP.name === firstP.name) {
          const d = Math.hypot(lastP.east - firstP.east, lastP.north - firstP.north);
          pwarn('closing-point-differs', lastP.line, `point ${lastP.name} repeats the ring's first point name (line ${firstP.line}) but lies ${fmt(d)} m from it; kept as a vertex and the ring closed`, `点 ${lastP.name} 与本圈首点（第 ${firstP.line} 行）同名，但相距 ${fmt(d)} 米；保留为顶点并闭合该圈`);
        } else {
          pwarn('ring-unclosed', r.line, `the ring starting here is not closed; closed with its first point`, `从此行开始的圈未闭合，已用首点闭合`);
        }
        r.points = [...r.points, { ...firstP, line: firstP.line }];
      }
      const e0 = r.points[0].east, n0 = r.points[0].north;
      r.signedArea = shoelace(r.points.slice(0, -1), e0, n0);
      const cleaned = cleanRing(r.points.map((p) => [p.east - e0, p.north - n0])).ring;
      const at = ringSelfIntersection(cleaned);
      if (at) {
        pwarn('ring-self-intersection', r.line, `the ring starting here crosses or touches itself near X ${fmt(at[1] + n0)}, Y ${fmt(at[0] + e0)}`, `从此行开始的圈在 X ${fmt(at[1] + n0)}、Y ${fmt(at[0] + e0)} 附近自相交或自接触`);
      }
    }

    // Outer rings and holes by containment: a ring inside an odd number of others is a hole.
    const bySize = [...rings].sort((a, b) => Math.abs(b.signedArea) - Math.abs(a.signedArea) || a.order - b.order);
    const placed: Ring[] = [];
    const outers: Ring[] = [];
    for (const r of bySize) {
      let parent: Ring | null = null;
      for (let i = placed.length - 1; i >= 0; i--) {
        const c = placed[i];
        const test = ringInside(r.points.slice(0, -1), c.points);
        if (test.crossing) {
          pwarn('rings-cross', r.line, `the ring starting here crosses the ring starting at line ${c.line}`, `从此行开始的圈与第 ${c.line} 行开始的圈相交`);
        }
        if (test.inside) { parent = c; break; }
      }
      r.depth = parent ? parent.depth + 1 : 0;
      if (r.depth % 2 === 0) {
        r.polygon = outers.length;
        outers.push(r);
      } else {
        r.polygon = parent!.polygon;
      }
      placed.push(r);
    }
    // Polygons in the file order of their outer rings, holes in file order.
    const outerOrder = [...outers].sort((a, b) => a.order - b.order);
    const polygons: Ring[][] = outerOrder.map((o) => [o, ...rings.filter((r) => r !== o && r.depth % 2 === 1 && outers[r.polygon] === o)]);

    let planar = 0;
    for (const poly of polygons) {
      planar += Math.abs(poly[0].signedArea);
      for (const h of poly.slice(1)) planar -= Math.abs(h.signedArea);
    }
    const coords = polygons.map((poly) => poly.map((r) => r.points.map(toLonLat)));
    const names = polygons.map((poly) => poly.map((r) => r.points.map((p) => p.name)));
    const geometry: Polygon | MultiPolygon = coords.length === 1 ? { type: 'Polygon', coordinates: coords[0] } : { type: 'MultiPolygon', coordinates: coords };
    props[POINT_NAMES_PROPERTY] = coords.length === 1 ? names[0] : names;
    const ellipsoidal = geometryAreaM2(geometry);
    props.planarAreaM2 = Math.round(planar * 1000) / 1000;
    props.ellipsoidalAreaM2 = Math.round(ellipsoidal * 1000) / 1000;

    // Header area: 公顷 by the standard; m² and 亩 are common slips, told apart by comparing with the planar area.
    let headerAreaUnit: CoordTxtParcel['headerAreaUnit'] = null;
    if (headerArea !== null) {
      const planarHa = planar / SQUARE_METERS_PER_HECTARE;
      const planarMu = planar * 0.0015;
      if (headerArea < 0) {
        headerAreaUnit = 'ha';
        pwarn('area-negative', parcel.line, `地块面积 ${headerArea} is negative; the planar area of the points is ${fmtHa(planar)} 公顷`, `地块面积 ${headerArea} 为负数；界址点计算的平面面积为 ${fmtHa(planar)} 公顷`);
      } else if (Math.abs(headerArea - planarHa) <= AREA_TOLERANCE_HA + 1e-9) {
        headerAreaUnit = 'ha';
      } else if (Math.abs(headerArea - planar) <= Math.max(1, 0.01 * planar)) {
        headerAreaUnit = 'm2';
        pwarn('area-in-square-metres', parcel.line, `地块面积 ${headerArea} looks like m², not 公顷: the planar area is ${fmt(planar, 2)} m² = ${fmtHa(planar)} 公顷`, `地块面积 ${headerArea} 似为平方米而非公顷：平面面积为 ${fmt(planar, 2)} 平方米 = ${fmtHa(planar)} 公顷`);
      } else if (Math.abs(headerArea - planarMu) <= Math.max(0.0015, 0.01 * planarMu)) {
        headerAreaUnit = 'mu';
        pwarn('area-in-mu', parcel.line, `地块面积 ${headerArea} looks like 亩, not 公顷: the planar area is ${fmt(planarMu, 4)} 亩 = ${fmtHa(planar)} 公顷`, `地块面积 ${headerArea} 似为亩而非公顷：平面面积为 ${fmt(planarMu, 4)} 亩 = ${fmtHa(planar)} 公顷`);
      } else {
        headerAreaUnit = 'ha';
        pwarn('area-mismatch', parcel.line, `地块面积 ${headerArea} 公顷 differs from the planar area of the points, ${fmtHa(planar)} 公顷 (by ${(headerArea - planarHa).toFixed(4)} 公顷)`, `地块面积 ${headerArea} 公顷 与界址点计算的平面面积 ${fmtHa(planar)} 公顷 不符（相差 ${(headerArea - planarHa).toFixed(4)} 公顷）`);
      }
    }
    features.push({ type: 'Feature', id, properties: props, geometry });
    parcelInfo.push({ id, line: parcel.line, name, shape, headerPointCount, pointCount: parcel.points.length, headerArea, headerAreaUnit, planarAreaM2: planar, ellipsoidalAreaM2: ellipsoidal });
  });
  if (problems.some((p) => p.severity === 'error')) return fail();

  const layer: CoordTxtLayer = {
    type: 'FeatureCollection',
    ...(parcelInfo.every((p) => p.shape === 'polygon') ? { kind: 'parcel' as const } : {}),
    name: base,
    coordTxt: { attributes, sections, zone },
    features,
  };
  if (!layer.kind) {
    warn('not-all-areas', null, 'some parcels are lines or points, so the layer has no "kind"; only areas can be parcels', '部分地块为线或点，图层未标为 parcel；只有面可以作为宗地');
  }
  return { ok: true, value: { layer, parcels: parcelInfo, zone, zoneSource, zoneReason, encoding, problems } };
}

// ------------------------------------------------------------------------------------------------------------
// Writing the standard form: GBK by default, CRLF, closing points, areas in 公顷 (4 decimals), prefixed eastings.

export interface CoordTxtWriteOptions {
  /** Output zone. Default: the zone the layer was read in (`coordTxt.zone`), else the 3° zone of its centre. */
  zone?: number | GaussKrugerZone;
  /** Write the zone number in front of eastings (default true, the standard form). */
  prefixed?: boolean;
  encoding?: 'gbk' | 'utf-8';
  lineEnding?: '\r\n' | '\n';
  /** Decimals of coordinates (default 3: millimetres). */
  decimals?: number;
  /** [属性描述] values that win over the layer's own (e.g. 数据产生单位). */
  attributes?: Record<string, string>;
  /** 数据产生日期 when neither the options nor the layer give one (default today). */
  date?: IsoDate;
}

export interface CoordTxtWritten {
  text: string;
  bytes: Uint8Array;
  encoding: 'gbk' | 'utf-8';
  zone: GaussKrugerZone;
  /** Characters GBK cannot represent (written as '?'): offer UTF-8. */
  unencodable: string[];
  problems: LineProblem[];
}

export type CoordTxtWriteResult = { ok: true; value: CoordTxtWritten } | { ok: false; problems: LineProblem[] };

function featureIdOf(f: Feature, index: number): string {
  const raw = f.id ?? (f.properties as Record<string, unknown> | null)?.id;
  return raw === undefined || raw === null || raw === '' ? `#${index + 1}` : String(raw);
}

/** The point-names property when it has exactly the geometry's shape, else null. */
function pointNamesFor(props: Record<string, unknown>, polygons: Position[][][], isMulti: boolean): string[][][] | null {
  const raw = props[POINT_NAMES_PROPERTY];
  const names = (isMulti ? raw : [raw]) as unknown;
  if (!Array.isArray(names) || names.length !== polygons.length) return null;
  for (let i = 0; i < polygons.length; i++) {
    const pn = names[i];
    if (!Array.isArray(pn) || pn.length !== polygons[i].length) return null;
    for (let j = 0; j < polygons[i].length; j++) {
      const rn = pn[j];
      if (!Array.isArray(rn) || rn.length !== polygons[i][j].length || !rn.every((s) => typeof s === 'string' && !/[,，\r\n@]/.test(s))) return null;
    }
  }
  return names as string[][][];
}

const clean = (v: unknown) => (v === undefined || v === null ? '' : String(v).replace(/[,，\r\n@]/g, ' ').trim());

/** Writes Polygon / MultiPolygon features in lon/lat as a 坐标TXT file. */
export function writeCoordTxt(collection: FeatureCollection | { features: Feature[]; coordTxt?: CoordTxtSource }, file: string, options: CoordTxtWriteOptions = {}): CoordTxtWriteResult {
  const problems: LineProblem[] = [];
  const err = (code: string, en: string, zh: string, featureId?: string) => problems.push(lineProblem('error', code, file, null, en, zh, featureId));
  const source = (collection as { coordTxt?: CoordTxtSource }).coordTxt;
  const features = collection.features ?? [];

  // Check geometries; find the centre longitude for a default zone.
  let minLon = Infinity, maxLon = -Infinity;
  features.forEach((f, i) => {
    const id = featureIdOf(f, i);
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      err('geometry-type', `geometry ${g ? g.type : 'null'} is not an area; 坐标TXT holds areas only`, `几何类型 ${g ? g.type : 'null'} 不是面；坐标TXT只能保存面`, id);
      return;
    }
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const ring of polys.flat()) {
      for (const p of ring) {
        if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
          err('coordinates-not-lonlat', `coordinate ${JSON.stringify(p)?.slice(0, 60)} is not longitude/latitude`, `坐标 ${JSON.stringify(p)?.slice(0, 60)} 不是经纬度`, id);
          return;
        }
        minLon = Math.min(minLon, p[0]);
        maxLon = Math.max(maxLon, p[0]);
      }
    }
  });
  if (features.length === 0) err('empty', 'has no features to write', '没有可写出的要素');
  if (problems.length > 0) return { ok: false, problems };

  let zone: GaussKrugerZone | null;
  if (options.zone !== undefined) zone = typeof options.zone === 'number' ? zoneFromNumber(options.zone) : options.zone;
  else if (source?.zone) zone = source.zone;
  else zone = zoneOfLongitude((minLon + maxLon) / 2, 3);
  if (!zone || !isZoneNumber(zone.zone, zone.width)) {
    err('zone-invalid', `zone ${String(options.zone ?? '')} is not a CGCS2000 zone (3°: 25–45, 6°: 13–23)`, `分带 ${String(options.zone ?? '')} 不是 2000 坐标系的分带（3度带 25–45，6度带 13–23）`);
    return { ok: false, problems };
  }
  zone = { width: zone.width, zone: zone.zone, prefixed: options.prefixed ?? true };
  const cm = centralMeridian(zone);
  const half = zone.width / 2;
  if (minLon < cm - half - 0.5 || maxLon > cm + half + 0.5) {
    problems.push(lineProblem('warning', 'outside-zone', file, null,
      `the features span longitude ${minLon.toFixed(3)}…${maxLon.toFixed(3)}°, beyond ${describeZone(zone).en}; distortion grows away from the central meridian`,
      `要素经度范围 ${minLon.toFixed(3)}…${maxLon.toFixed(3)}°，超出${describeZone(zone).zh}；离中央经线越远变形越大`));
  }
  const converter = gaussKrugerConverter(zone);
  const decimals = options.decimals ?? 3;
  const eol = options.lineEnding ?? '\r\n';
  const encoding = options.encoding ?? 'gbk';

  // [属性描述]: what the file was read with, the zone written, then the caller's values.
  const src = source?.attributes ?? {};
  const srcStd: Record<string, string> = {};
  for (const [k, v] of Object.entries(src)) {
    const s = STANDARD_KEY.get(k);
    if (s && srcStd[s] === undefined) srcStd[s] = v;
  }
  const attrs: Array<[string, string]> = [
    ['格式版本号', src['格式版本号'] ?? '1.01'],
    ['数据产生单位', src['数据产生单位'] ?? ''],
    ['数据产生日期', src['数据产生日期'] ?? options.date ?? todayIso()],
    ['坐标系', '2000国家大地坐标系'],
    ['几度分带', String(zone.width)],
    ['投影类型', '高斯克吕格'],
    ['计量单位', '米'],
    ['带号', String(zone.zone)],
    ['精度', srcStd['精度'] ?? (10 ** -decimals).toFixed(decimals)],
    ['转换参数', srcStd['转换参数'] ?? '0,0,0,0,0,0,0'],
  ];
  const written = new Set([...attrs.map(([k]) => k), ...Object.keys(src).filter((k) => STANDARD_KEY.has(k))]);
  for (const [k, v] of Object.entries(src)) if (!written.has(k)) attrs.push([k, v]);
  for (const [k, v] of Object.entries(options.attributes ?? {})) {
    const at = attrs.findIndex(([key]) => key === k);
    if (at >= 0) attrs[at] = [k, v];
    else attrs.push([k, v]);
  }

  const out: string[] = [];
  for (const [name, lines] of Object.entries(source?.sections ?? {})) {
    out.push(`[${name}]`, ...lines);
  }
  out.push('[属性描述]', ...attrs.map(([k, v]) => `${k}=${v}`), '[地块坐标]');

  features.forEach((f, index) => {
    const g = f.geometry as Polygon | MultiPolygon;
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    const names = pointNamesFor(props, polygons, g.type === 'MultiPolygon');
    const lines: string[] = [];
    let ringNo = 0, counter = 0, planar = 0;
    polygons.forEach((rings, pi) => {
      rings.forEach((ring, ri) => {
        ringNo++;
        // Rounded as written, so the header area matches what a reader computes from the file.
        const pts = ring.map((p) => converter.fromLonLat(p[0], p[1]).map((v) => Number(v.toFixed(decimals))) as [number, number]);
        const closed = pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1];
        if (!closed) pts.push([pts[0][0], pts[0][1]]);
        const e0 = pts[0][0], n0 = pts[0][1];
        let s = 0;
        for (let i = 0; i + 1 < pts.length; i++) s += (pts[i][0] - e0) * (pts[i + 1][1] - n0) - (pts[i + 1][0] - e0) * (pts[i][1] - n0);
        planar += (ri === 0 ? 1 : -1) * Math.abs(s / 2);
        const ringNames = names ? names[pi][ri] : null;
        const firstName = ringNames ? ringNames[0] : `J${counter + 1}`;
        pts.forEach(([e, n], i) => {
          const pointName = ringNames ? ringNames[i] ?? firstName : i === pts.length - 1 ? firstName : `J${++counter}`;
          lines.push(`${pointName},${ringNo},${n.toFixed(decimals)},${e.toFixed(decimals)}`);
        });
      });
    });
    const header: string[] = [
      String(lines.length),
      (Math.max(planar, 0) / SQUARE_METERS_PER_HECTARE).toFixed(4),
      clean(props['地块编号'] ?? f.id ?? props.id ?? `${index + 1}`),
      clean(props['地块名称'] ?? props.name),
      '面',
      clean(props['图幅号']),
      clean(props['地块用途'] ?? (typeof props.landUse === 'string' ? LAND_USE_NAMES[props.landUse as LandUse] : '')),
      clean(props['地类编码']),
    ];
    const extras = EXTRA_HEADER_FIELDS.map((k) => clean(props[k]));
    for (let i = 14; props[`字段${i}`] !== undefined; i++) extras.push(clean(props[`字段${i}`]));
    while (extras.length > 0 && extras[extras.length - 1] === '') extras.pop();
    out.push(`${[...header, ...extras].join(',')},@`, ...lines);
  });
  const text = out.join(eol) + eol;
  const encoded = encodeText(text, encoding);
  if (encoded.unencodable.length > 0) {
    const chars = [...new Set(encoded.unencodable)].join('');
    problems.push(lineProblem('warning', 'gbk-unencodable', file, null, `characters GBK cannot hold were written as "?": ${chars}; write UTF-8 to keep them`, `以下字符无法用 GBK 保存，已写为 "?"：${chars}；如需保留请用 UTF-8`));
  }
  return { ok: true, value: { text, bytes: encoded.bytes, encoding, zone, unencodable: encoded.unencodable, problems } };
}
