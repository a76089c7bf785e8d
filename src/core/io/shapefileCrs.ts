// A Shapefile layer → lon/lat (CGCS2000), DESIGN §7: the zone comes from the user's choice, else the .prj (a
// CGCS2000 Gauss-Kruger .prj names its central meridian and false easting), else the zone number prefixed to the
// eastings; otherwise the caller gets a zone guess to offer. Shared by the CLI convert command and the import dialog.
// Also the planar area in the projection, which 坐标TXT headers and CAD report beside the ellipsoidal one.
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import {
  centralMeridian, describeZone, isZoneNumber, zoneFromNumber,
  type GaussKrugerZone, type Message, type ZoneGuess, type ZoneWidth,
} from '../geodesy/gaussKruger';
import { problem, type Problem } from '../schema/problems';
import type { ShapefileLayer } from './shapefile';
import type { PrjInfo } from './shpPrj';
import { ringSignedArea2 } from './shpRings';
import { guessZoneOfGeoJson, readProjectedGeoJson } from './projected';

export type PrjZone = { ok: true; zone: GaussKrugerZone; reason: Message } | { ok: false; code: string; message: Message };

/**
 * The CGCS2000 Gauss-Kruger zone a projected .prj describes. Reprojection needs only the central meridian and the
 * false easting; the zone number and width are read from the false easting's prefix, the name, or the meridian
 * (an unprefixed 3° zone and 6° zone with the same meridian project identically).
 */
export function zoneOfPrj(prj: PrjInfo, prjFile = '.prj'): PrjZone {
  const fail = (code: string, en: string, zh: string): PrjZone => ({ ok: false, code, message: { en, zh } });
  const what = prj.summary;
  if (prj.kind !== 'projected') return fail('prj-not-projected', `${prjFile} is not a projected coordinate system (${what.en})`, `${prjFile} 不是投影坐标系（${what.zh}）`);
  // WGS 84 and CGCS2000 differ by centimetres (DESIGN §7); the older Chinese datums by tens of metres.
  if (prj.datum !== 'CGCS2000' && prj.datum !== 'WGS84') {
    return fail('crs-unsupported', `${prjFile} says ${what.en}: only CGCS2000 is read; transform the data to CGCS2000 (it needs official parameters) and import it again`, `${prjFile} 为${what.zh}：只能读取 2000国家大地坐标系；请先用官方参数转换为 2000 坐标系后再导入`);
  }
  if (!prj.isTransverseMercator || (prj.scaleFactor !== null && Math.abs(prj.scaleFactor - 1) > 1e-12)) {
    return fail('projection-unsupported', `${prjFile} says ${what.en}: only Gauss-Kruger (scale factor 1) is read`, `${prjFile} 为${what.zh}：只能读取高斯-克吕格投影（比例因子 1）`);
  }
  if (prj.unit && Math.abs(prj.unit.metres - 1) > 1e-9) {
    return fail('unit-unsupported', `${prjFile}: the unit ${prj.unit.name} is not the metre`, `${prjFile}：单位 ${prj.unit.name} 不是米`);
  }
  if ((prj.latitudeOfOrigin ?? 0) !== 0 || (prj.falseNorthing ?? 0) !== 0) {
    return fail('projection-unsupported', `${prjFile}: latitude of origin ${prj.latitudeOfOrigin ?? 0} and false northing ${prj.falseNorthing ?? 0} are not those of CGCS2000 Gauss-Kruger zones (0, 0)`, `${prjFile}：原点纬度 ${prj.latitudeOfOrigin ?? 0}、北偏移 ${prj.falseNorthing ?? 0} 不是 2000 坐标系高斯投影分带的参数（0、0）`);
  }
  const cm = prj.centralMeridian;
  const fe = prj.falseEasting;
  if (cm === null || fe === null) return fail('prj-incomplete', `${prjFile} gives no ${cm === null ? 'central meridian' : 'false easting'}`, `${prjFile} 缺少${cm === null ? '中央经线' : '东偏移'}参数`);
  if (fe < 0 || Math.abs((fe % 1_000_000) - 500_000) > 1e-6) {
    return fail('projection-unsupported', `${prjFile}: false easting ${fe} is neither 500000 nor a zone number followed by 500000`, `${prjFile}：东偏移 ${fe} 既不是 500000，也不是“带号+500000”`);
  }
  const prefixed = fe >= 1_000_000;
  let zone: GaussKrugerZone | null = null;
  if (prefixed) {
    zone = zoneFromNumber(Math.floor(fe / 1_000_000), true);
    if (!zone) return fail('zone-invalid', `${prjFile}: false easting ${fe} starts with ${Math.floor(fe / 1_000_000)}, not a CGCS2000 zone (3°: 25–45, 6°: 13–23)`, `${prjFile}：东偏移 ${fe} 的带号 ${Math.floor(fe / 1_000_000)} 不是 2000 坐标系的分带（3度带 25–45，6度带 13–23）`);
  } else {
    const width: ZoneWidth = prj.zoneWidth ?? (prj.zone !== null && isZoneNumber(prj.zone, 6) ? 6 : 3);
    const number = prj.zone ?? (width === 3 ? cm / 3 : (cm + 3) / 6);
    zone = isZoneNumber(number, width) ? { width, zone: number, prefixed: false } : null;
    if (!zone) return fail('zone-invalid', `${prjFile}: central meridian ${cm}°E is not that of a CGCS2000 ${width}° zone`, `${prjFile}：中央经线 ${cm}° 不是 2000 坐标系 ${width}度带的中央经线`);
  }
  if (Math.abs(centralMeridian(zone) - cm) > 1e-9) {
    return fail('zone-mismatch', `${prjFile}: zone ${zone.zone} has its central meridian at ${centralMeridian(zone)}°E, but the .prj says ${cm}°E`, `${prjFile}：第 ${zone.zone} 带的中央经线为 ${centralMeridian(zone)}°，但 .prj 为 ${cm}°`);
  }
  return { ok: true, zone, reason: { en: `${prjFile}: ${what.en}`, zh: `${prjFile}：${what.zh}` } };
}

/** Planar area (m²) of a polygon in projected metres (shoelace, holes subtracted); null for other geometries. */
export function planarAreaM2(geometry: Geometry | null | undefined): number | null {
  const polygon = (rings: Position[][]) => rings.reduce((sum, ring, i) => sum + (i === 0 ? 1 : -1) * Math.abs(ringSignedArea2(ring)) / 2, 0);
  if (geometry?.type === 'Polygon') return polygon((geometry as Polygon).coordinates);
  if (geometry?.type === 'MultiPolygon') return (geometry as MultiPolygon).coordinates.reduce((s, p) => s + polygon(p), 0);
  return null;
}

export interface ShapefileLonLatOptions {
  /** The zone the user chose (wins over the .prj): a zone number or a zone. */
  zone?: number | GaussKrugerZone;
  /** A CRS name as `--from` takes it (EPSG:4490, EPSG:4527 …). */
  from?: string;
  /** An approximate longitude of the data (e.g. the park's), for a guess when nothing tells the zone. */
  longitudeHint?: number;
}

export interface ShapefileLonLat {
  features: Array<Feature<Geometry | null, Record<string, unknown>>>;
  space: 'lonlat' | 'projected' | 'empty';
  zone: GaussKrugerZone | null;
  zoneSource: 'option' | 'prj' | 'prefix' | null;
  reasons: Message[];
  /** Planar areas in the projection, by feature (projected input only; null for non-areas). */
  planarAreasM2: Array<number | null> | null;
  problems: Problem[];
}

export type ShapefileLonLatResult =
  | { ok: true; value: ShapefileLonLat }
  /** `zoneGuess` is set when only the zone is missing: offer it and read again with `zone`. */
  | { ok: false; problems: Problem[]; zoneGuess?: ZoneGuess };

/** Reprojects a Shapefile layer (as read by readShapefileZip / readShapefileFiles) to CGCS2000 lon/lat. */
export function shapefileToLonLat(layer: ShapefileLayer, options: ShapefileLonLatOptions = {}): ShapefileLonLatResult {
  const file = layer.files.shp;
  if (layer.coordinates === 'empty') {
    return { ok: true, value: { features: layer.features, space: 'empty', zone: null, zoneSource: null, reasons: [], planarAreasM2: null, problems: [] } };
  }
  const collection = { type: 'FeatureCollection', features: layer.features };
  const userZone = options.zone !== undefined || options.from !== undefined;
  let zone: GaussKrugerZone | number | undefined = options.zone;
  let prjReason: Message | null = null;
  if (!userZone && layer.crs?.kind === 'projected') {
    const z = zoneOfPrj(layer.crs, layer.files.prj ?? `${layer.name}.prj`);
    if (!z.ok) return { ok: false, problems: [problem('error', z.code, { file: layer.files.prj ?? file }, z.message.en, z.message.zh)] };
    zone = z.zone;
    prjReason = z.reason;
  }
  const read = readProjectedGeoJson(collection, file, { zone, from: options.from });
  if (!read.ok) {
    const unknown = read.problems.some((p) => p.code === 'zone-unknown');
    if (!unknown) return read;
    const guess = guessZoneOfGeoJson(collection, { longitude: options.longitudeHint });
    // Said in Shapefile terms (the projected-GeoJSON reader speaks of a "crs member").
    const why = guess.reasons[0] ?? { en: 'the coordinates cannot tell the zone', zh: '仅凭坐标无法判断分带' };
    const prj = layer.crs ? { en: `its .prj (${layer.crs.summary.en}) names no Gauss-Kruger zone`, zh: `其 .prj（${layer.crs.summary.zh}）未给出高斯投影分带` } : { en: 'it has no .prj', zh: '没有 .prj' };
    const unknownZone = problem('error', 'zone-unknown', { file },
      `coordinates are Gauss-Kruger metres, ${prj.en}, and ${why.en}. Give the zone: --zone N (3° zones 25–45, 6° zones 13–23) or --from EPSG:xxxx`,
      `坐标为高斯投影米制坐标，${prj.zh}，且${why.zh}。请指定分带：--zone N（3度带 25–45，6度带 13–23）或 --from EPSG:xxxx`);
    return { ok: false, problems: [...read.problems.filter((p) => p.code !== 'zone-unknown'), unknownZone], zoneGuess: guess };
  }
  const v = read.value;
  const features = (v.json.features as ShapefileLonLat['features']) ?? [];
  const projected = v.space === 'projected';
  const zoneSource = !projected ? null : userZone ? 'option' : prjReason ? 'prj' : 'prefix';
  const reasons = prjReason ? [prjReason] : v.reasons;
  if (projected && v.zone && zoneSource === 'option') reasons.push(describeZone(v.zone));
  return {
    ok: true,
    value: {
      features, space: v.space, zone: v.zone, zoneSource, reasons,
      planarAreasM2: projected ? layer.features.map((f) => planarAreaM2(f.geometry)) : null,
      problems: v.problems,
    },
  };
}
