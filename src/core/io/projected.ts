// GeoJSON in Gauss-Kruger metres → GeoJSON in lon/lat (DESIGN §7). Files exported from desktop GIS keep their
// projected coordinates and name the CRS in the legacy (GeoJSON 2008) `crs` member, e.g.
// {"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4527"}}; some have no `crs` at all. The zone comes from,
// in order: the caller's option, the `crs` member, the zone number prefixed to the eastings; otherwise the user is
// asked (--zone N or --from EPSG:xxxx). Properties and foreign members are kept; `crs` and stale `bbox` are dropped.
import type { Position } from 'geojson';
import {
  EPSG_CGCS2000_GEOGRAPHIC, describeZone, epsgCodeOfName, gaussKrugerConverter, guessZone, zoneFromNumber, zoneOfCrsName, zoneOfEpsg,
  type GaussKrugerZone, type Message, type ZoneGuess, type ZoneHints,
} from '../geodesy/gaussKruger';
import { classifyCoordinates } from '../schema/geometry';
import { problem, type Problem } from '../schema/problems';
import { notGeoJsonObject } from '../schema/validate';

/** What a CRS name or `--from` value stands for. */
export type CrsReading =
  | { kind: 'lonlat'; code: number }
  | { kind: 'gauss-kruger'; code: number | null; zone: GaussKrugerZone }
  | { kind: 'unsupported'; name: string; code: number | null };

// Geographic CRSs whose coordinates we take as CGCS2000 lon/lat (WGS 84 differs by centimetres).
const LONLAT_CODES = new Set([EPSG_CGCS2000_GEOGRAPHIC, 4326]);

/** Reads `EPSG:4527`, `urn:ogc:def:crs:EPSG::4527`, `CRS84`, ESRI GK names …; `unsupported` for anything else. */
export function readCrsName(name: string): CrsReading {
  const code = epsgCodeOfName(name);
  if (code !== null && LONLAT_CODES.has(code)) return { kind: 'lonlat', code };
  const zone = code !== null ? zoneOfEpsg(code) : zoneOfCrsName(name);
  if (zone) return { kind: 'gauss-kruger', code, zone };
  return { kind: 'unsupported', name, code };
}

/** The name in a GeoJSON 2008 `crs` member (`type: "name"`), or null. */
export function crsNameOf(json: unknown): string | null {
  const crs = (json as { crs?: unknown } | null)?.crs as { type?: unknown; properties?: { name?: unknown } } | undefined;
  if (!crs || typeof crs !== 'object') return null;
  const name = crs.properties?.name;
  return typeof name === 'string' ? name : null;
}

export interface ProjectedReadOptions {
  /** Zone number (25–45 → 3°, 13–23 → 6°) or zone, as the user chose it. */
  zone?: number | GaussKrugerZone;
  /** A CRS name as `--from` takes it: `EPSG:4527`, `EPSG:4490` … */
  from?: string;
}

export interface ProjectedDocument {
  /** The same GeoJSON with lon/lat coordinates (unchanged when it already was lon/lat). */
  json: Record<string, unknown>;
  /** Whether the input was projected (and reprojected) or already lon/lat. */
  space: 'projected' | 'lonlat';
  zone: GaussKrugerZone | null;
  zoneSource: 'option' | 'crs' | 'prefix' | null;
  reasons: Message[];
  /** The input had northing first. */
  swappedAxes: boolean;
  problems: Problem[];
}

export type ProjectedResult = { ok: true; value: ProjectedDocument } | { ok: false; problems: Problem[] };

type Visit = (p: Position) => Position;

/** Maps every position of a Feature, FeatureCollection or geometry; returns a copy without `crs` and `bbox`. */
function mapPositions(node: unknown, visit: Visit): unknown {
  if (Array.isArray(node)) return node.map((n) => mapPositions(n, visit));
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'crs' || k === 'bbox') continue;
    if (k === 'coordinates' && typeof o.type === 'string') out[k] = mapCoordinates(v, visit);
    else if (k === 'geometry' || k === 'geometries' || k === 'features') out[k] = mapPositions(v, visit);
    else out[k] = v;
  }
  return out;
}

function mapCoordinates(c: unknown, visit: Visit): unknown {
  if (!Array.isArray(c)) return c;
  if (c.length >= 2 && typeof c[0] === 'number' && typeof c[1] === 'number') return visit(c as Position);
  return c.map((x) => mapCoordinates(x, visit));
}

interface Extent {
  minX: number; minY: number; maxX: number; maxY: number;
  xs: number[]; ys: number[];
  count: number;
}

function extentOf(json: unknown): Extent {
  const e: Extent = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity, xs: [], ys: [], count: 0 };
  mapPositions(json, (p) => {
    const [x, y] = p;
    if (Number.isFinite(x) && Number.isFinite(y)) {
      e.count++;
      if (x < e.minX) e.minX = x;
      if (x > e.maxX) e.maxX = x;
      if (y < e.minY) e.minY = y;
      if (y > e.maxY) e.maxY = y;
      // A sample is enough to read zone prefixes; the conversion itself checks every position.
      if (e.xs.length < 5000) { e.xs.push(x); e.ys.push(y); }
    }
    return p;
  });
  return e;
}

/** Northing first? An easting with a zone number (≥ 1e7) cannot be a northing, nor 1e6–1e7 an easting. */
function axesSwapped(e: Extent): boolean {
  return (e.minY >= 10_000_000 && e.maxX < 10_000_000) || (e.minX >= 1_000_000 && e.maxX < 10_000_000 && e.maxY < 1_000_000);
}

/** For the import dialog: the zone guess for a projected GeoJSON, from its prefixes or a longitude hint. */
export function guessZoneOfGeoJson(json: unknown, hints: ZoneHints = {}): ZoneGuess & { swappedAxes: boolean } {
  const e = extentOf(json);
  const swappedAxes = axesSwapped(e);
  const [eastings, northings] = swappedAxes ? [e.ys, e.xs] : [e.xs, e.ys];
  return { ...guessZone(eastings, northings, hints), swappedAxes };
}

const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(1) : String(Number(v.toFixed(7))));

/** Reads a parsed GeoJSON (FeatureCollection, Feature or geometry) and returns it in lon/lat. */
export function readProjectedGeoJson(json: unknown, file: string, options: ProjectedReadOptions = {}): ProjectedResult {
  const problems: Problem[] = [];
  const error = (code: string, en: string, zh: string): ProjectedResult => ({ ok: false, problems: [...problems, problem('error', code, { file }, en, zh)] });
  const warn = (code: string, en: string, zh: string) => problems.push(problem('warning', code, { file }, en, zh));
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    const m = notGeoJsonObject(json);
    return error('not-geojson', m.en, m.zh);
  }
  // The structure first: a missing "features" array or entries that are not Features would otherwise surface
  // as "no coordinates", or break whatever reads the features next.
  const head = json as Record<string, unknown>;
  if (head.type === 'FeatureCollection') {
    if (!Array.isArray(head.features)) return error('features-missing', 'FeatureCollection has no "features" array', 'FeatureCollection 缺少 "features" 数组');
    const notFeatures = head.features.flatMap((f, i) => (f !== null && typeof f === 'object' && (f as { type?: unknown }).type === 'Feature' ? [] : [i]));
    if (notFeatures.length > 0) {
      const list = notFeatures.slice(0, 5).map((i) => `#${i + 1} (${String(JSON.stringify(head.features && (head.features as unknown[])[i]) ?? 'undefined').slice(0, 30)})`).join(', ');
      const more = notFeatures.length > 5 ? `, and ${notFeatures.length - 5} more` : '';
      return { ok: false, problems: [...problems, problem('error', 'feature-invalid', { file, featureIndex: notFeatures[0] }, `has entries in "features" that are not GeoJSON Features: ${list}${more}`, `"features" 中有 ${notFeatures.length} 项不是 GeoJSON 要素 (Feature)：${list}`)] };
    }
    if (head.features.length === 0) return error('coordinates-missing', 'has no features (its "features" array is empty)', '没有要素（"features" 数组为空）');
  } else if (head.type !== 'Feature' && typeof head.coordinates === 'undefined' && !Array.isArray(head.geometries)) {
    return error('wrong-type', `top-level type is ${JSON.stringify(head.type) ?? 'missing'}, expected "FeatureCollection"`, `顶层类型为 ${JSON.stringify(head.type) ?? '缺失'}，应为 "FeatureCollection"`);
  }

  const crsName = crsNameOf(json);
  const crs = crsName !== null ? readCrsName(crsName) : null;
  let from: CrsReading | null = null;
  if (options.from !== undefined) {
    from = readCrsName(options.from);
    if (from.kind === 'unsupported') {
      return error('crs-unsupported', `--from ${options.from} is not a CGCS2000 CRS: give EPSG:4490 (lon/lat) or a Gauss-Kruger code EPSG:4491…4554`, `--from ${options.from} 不是 2000 坐标系：请给出 EPSG:4490（经纬度）或高斯投影代码 EPSG:4491…4554`);
    }
  }

  const e = extentOf(json);
  if (e.count === 0) {
    const features = Array.isArray(head.features) ? (head.features as Array<{ id?: unknown; geometry?: unknown }>) : null;
    if (!features) return error('coordinates-missing', 'has no coordinates', '没有坐标');
    const g = features[0]?.geometry;
    const what = g === null || g === undefined ? 'no geometry' : `geometry ${JSON.stringify(g).slice(0, 40)}`;
    const id = features[0]?.id;
    return { ok: false, problems: [...problems, problem('error', 'coordinates-missing', { file, featureIndex: 0, ...(typeof id === 'string' || typeof id === 'number' ? { featureId: String(id) } : {}) }, `none of its ${features.length} features has coordinates; the first has ${what}`, `全部 ${features.length} 个要素均无坐标；第一个要素${g === null || g === undefined ? '没有几何图形' : `的几何为 ${JSON.stringify(g).slice(0, 40)}`}`)] };
  }
  const space = classifyCoordinates(e.minX, e.minY, e.maxX, e.maxY);
  const range = `x ${fmt(e.minX)}…${fmt(e.maxX)}, y ${fmt(e.minY)}…${fmt(e.maxY)}`;
  if (space === 'lonlat') {
    const claimed = from ?? crs;
    if (claimed && claimed.kind === 'gauss-kruger') {
      return error('crs-mismatch', `${from ? `--from ${options.from}` : `the crs member (${crsName})`} names a Gauss-Kruger zone, but the coordinates are longitude/latitude (${range})`, `${from ? `--from ${options.from}` : `crs 成员（${crsName}）`}为高斯投影，但坐标是经纬度（${range}）`);
    }
    if (crs && crs.kind === 'unsupported') {
      warn('crs-ignored', `crs ${crsName} is not CGCS2000 or WGS 84; the coordinates look like longitude/latitude and are read as CGCS2000`, `crs ${crsName} 不是 2000 坐标系或 WGS 84；坐标像是经纬度，按 2000 坐标系读取`);
    }
    const out = mapPositions(json, (p) => p) as Record<string, unknown>;
    return { ok: true, value: { json: out, space: 'lonlat', zone: null, zoneSource: null, reasons: [], swappedAxes: false, problems } };
  }
  if (space === 'swapped') {
    return error('coordinates-swapped', `coordinates look like latitude/longitude in swapped order (${range}); GeoJSON is longitude first`, `坐标的经纬度顺序似乎颠倒（${range}）；GeoJSON 应经度在前`);
  }
  if (space === 'out-of-range') {
    return error('coordinates-out-of-range', `coordinates are neither longitude/latitude nor Gauss-Kruger metres (${range})`, `坐标既不是经纬度也不是高斯投影米制坐标（${range}）`);
  }

  // Projected.
  const swappedAxes = axesSwapped(e);
  if (swappedAxes) warn('axes-swapped', `coordinates are northing first (${range}); read as easting, northing`, `坐标为纵坐标（北）在前（${range}），已按横坐标、纵坐标读取`);
  const [eastings, northings] = swappedAxes ? [e.ys, e.xs] : [e.xs, e.ys];
  const prefix = guessZone(eastings, northings);
  const prefixed = prefix.status === 'certain' || eastings.every((x) => x >= 10_000_000);
  const prefixZone = prefix.status === 'certain' ? prefix.zone!.zone : null;

  if (from && from.kind === 'lonlat') {
    return error('crs-mismatch', `--from ${options.from} says longitude/latitude, but the coordinates are projected metres (${range})`, `--from ${options.from} 表示经纬度，但坐标是投影米制坐标（${range}）`);
  }
  if (!from && crs && crs.kind === 'unsupported') {
    return error('crs-unsupported', `crs ${crsName} is not a CGCS2000 Gauss-Kruger CRS (EPSG:4491…4554); reproject the file to EPSG:4490, or give --from EPSG:xxxx if the crs member is wrong`, `crs ${crsName} 不是 2000 坐标系高斯投影（EPSG:4491…4554）；请先转换为 EPSG:4490，若 crs 成员有误请用 --from EPSG:xxxx 指定`);
  }
  if (!from && crs && crs.kind === 'lonlat') {
    return error('crs-mismatch', `the crs member (${crsName}) says longitude/latitude, but the coordinates are projected metres (${range}); give --zone N or --from EPSG:xxxx`, `crs 成员（${crsName}）为经纬度，但坐标是投影米制坐标（${range}）；请用 --zone N 或 --from EPSG:xxxx 指定`);
  }

  let zone: GaussKrugerZone | null = null;
  let zoneSource: ProjectedDocument['zoneSource'] = null;
  const reasons: Message[] = [];
  const optionZone = options.zone !== undefined ? (typeof options.zone === 'number' ? zoneFromNumber(options.zone) : options.zone) : null;
  if (options.zone !== undefined && !optionZone) {
    return error('zone-invalid', `zone ${String(options.zone)} is not a CGCS2000 zone (3°: 25–45, 6°: 13–23)`, `分带 ${String(options.zone)} 不是 2000 坐标系的分带（3度带 25–45，6度带 13–23）`);
  }
  const chosen = optionZone ?? (from?.kind === 'gauss-kruger' ? from.zone : null);
  if (chosen) {
    zone = chosen;
    zoneSource = 'option';
    reasons.push(options.zone !== undefined ? { en: 'the zone given', zh: '指定的分带' } : { en: `--from ${options.from}`, zh: `--from ${options.from}` });
    if (crs?.kind === 'gauss-kruger' && crs.zone.zone !== chosen.zone) {
      warn('crs-overridden', `the crs member (${crsName}) names zone ${crs.zone.zone}; zone ${chosen.zone} as given is used`, `crs 成员（${crsName}）为第 ${crs.zone.zone} 带；按指定的第 ${chosen.zone} 带读取`);
    }
  } else if (crs?.kind === 'gauss-kruger') {
    zone = crs.zone;
    zoneSource = 'crs';
    reasons.push({ en: `the crs member ${crsName}`, zh: `crs 成员 ${crsName}` });
  } else if (prefix.status === 'certain') {
    zone = prefix.zone;
    zoneSource = 'prefix';
    reasons.push(...prefix.reasons);
  } else {
    // The first reason says why the coordinates cannot tell; the advice on what to give follows here.
    const why = prefix.reasons[0].en;
    const whyZh = prefix.reasons[0].zh;
    return error('zone-unknown', `coordinates are Gauss-Kruger metres (${range}) without a crs member, and ${why}. Give the zone: --zone N (3° zones 25–45, 6° zones 13–23) or --from EPSG:xxxx (e.g. EPSG:4545 for the 3° zone with CM 117°E without zone number)`, `坐标为高斯投影米制坐标（${range}），没有 crs 成员，且${whyZh}。请指定分带：--zone N（3度带 25–45，6度带 13–23）或 --from EPSG:xxxx（如中央经线 117°E、不带带号的 3度带为 EPSG:4545）`);
  }
  const z = zone!;
  if (prefixZone !== null && prefixZone !== z.zone) {
    return error('zone-mismatch', `${zoneSource === 'crs' ? `the crs member (${crsName})` : 'the zone given'} is zone ${z.zone}, but the eastings carry zone number ${prefixZone}`, `${zoneSource === 'crs' ? `crs 成员（${crsName}）` : '指定的分带'}为第 ${z.zone} 带，但横坐标带号为 ${prefixZone}`);
  }
  if (z.prefixed !== prefixed) {
    if (zoneSource !== 'option' || typeof options.zone !== 'number') {
      warn('prefix-mismatch', `${describeZone(z).en} ${z.prefixed ? 'expects' : 'does not expect'} the zone number in front of eastings, but the eastings ${prefixed ? 'have' : 'do not have'} it; read them as they are`, `${describeZone(z).zh}${z.prefixed ? '应' : '不应'}在横坐标前加带号，但实际${prefixed ? '带' : '不带'}带号；按实际坐标读取`);
    }
  }
  const finalZone: GaussKrugerZone = { width: z.width, zone: z.zone, prefixed };
  const converter = gaussKrugerConverter(finalZone);

  let bad: { easting: number; northing: number; featureIndex?: number; featureId?: string } | null = null;
  let where: { featureIndex?: number; featureId?: string } = {};
  const visit: Visit = (p) => {
    const [easting, northing] = swappedAxes ? [p[1], p[0]] : [p[0], p[1]];
    const wrong = prefixed ? Math.floor(easting / 1_000_000) !== finalZone.zone : easting <= 0 || easting >= 1_000_000;
    if ((wrong || !(northing > 0 && northing < 7_000_000)) && !bad) bad = { easting, northing, ...where };
    const [lon, lat] = converter.toLonLat(easting, northing);
    return [lon, lat, ...p.slice(2)];
  };
  let out: Record<string, unknown>;
  const top = json as Record<string, unknown>;
  if (top.type === 'FeatureCollection' && Array.isArray(top.features)) {
    // Feature by feature, so a position outside the zone is reported with its feature.
    const features = top.features.map((f, featureIndex) => {
      const rawId = (f as { id?: unknown } | null)?.id ?? (f as { properties?: { id?: unknown } } | null)?.properties?.id;
      where = { featureIndex, ...(typeof rawId === 'string' || typeof rawId === 'number' ? { featureId: String(rawId) } : {}) };
      return mapPositions(f, visit);
    });
    out = { ...(mapPositions({ ...top, features: [] }, visit) as Record<string, unknown>), features };
  } else {
    out = mapPositions(json, visit) as Record<string, unknown>;
  }
  if (bad) {
    const b = bad as { easting: number; northing: number; featureIndex?: number; featureId?: string };
    return {
      ok: false,
      problems: [...problems, problem('error', 'coordinate-outside-zone', { file, featureIndex: b.featureIndex, featureId: b.featureId },
        `position (easting ${fmt(b.easting)}, northing ${fmt(b.northing)}) is not in ${describeZone(finalZone).en}`,
        `坐标（横 ${fmt(b.easting)}，纵 ${fmt(b.northing)}）不在${describeZone(finalZone).zh}内`)],
    };
  }
  return { ok: true, value: { json: out, space: 'projected', zone: finalZone, zoneSource, reasons, swappedAxes, problems } };
}
