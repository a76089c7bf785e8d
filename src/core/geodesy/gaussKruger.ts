// CGCS2000 Gauss-Kruger zones (DESIGN §7): 3° zones 25–45 (central meridian 3·zone) and 6° zones 13–23
// (central meridian 6·zone − 3), eastings with or without the zone number prefixed, forward and inverse with proj4.
// Coordinates here are always [easting, northing] in metres: the surveyors' X (north) / Y (east) is the io layer's
// business. proj4's tmerc is the exact Poder/Engsager series (etmerc), sub-millimetre across a zone.
import proj4 from 'proj4';

export type ZoneWidth = 3 | 6;

export interface GaussKrugerZone {
  width: ZoneWidth;
  /** Zone number: 25–45 for 3° zones, 13–23 for 6° zones. */
  zone: number;
  /** Eastings carry the zone number in front (false easting zone·1e6 + 500 000) rather than plain 500 000. */
  prefixed: boolean;
}

/** A message in both UI languages. */
export interface Message {
  en: string;
  zh: string;
}

export const ZONE_RANGE: Record<ZoneWidth, { min: number; max: number }> = {
  3: { min: 25, max: 45 },
  6: { min: 13, max: 23 },
};

// EPSG dataset (epsg.io/4491…4554, datum China 2000 = EPSG 1043): 4491–4501 6° zones 13–23 with the zone prefix,
// 4502–4512 the same zones as "CM 75E…135E" without it; 4513–4533 3° zones 25–45 prefixed, 4534–4554 "CM" unprefixed.
const EPSG_BASE = { 6: { prefixed: 4491, plain: 4502 }, 3: { prefixed: 4513, plain: 4534 } } as const;
export const EPSG_CGCS2000_GEOGRAPHIC = 4490;

/** The zone a zone number names: 25–45 are 3° zones, 13–23 are 6° zones (the ranges do not overlap). */
export function zoneFromNumber(zone: number, prefixed = true): GaussKrugerZone | null {
  if (!Number.isInteger(zone)) return null;
  if (zone >= ZONE_RANGE[3].min && zone <= ZONE_RANGE[3].max) return { width: 3, zone, prefixed };
  if (zone >= ZONE_RANGE[6].min && zone <= ZONE_RANGE[6].max) return { width: 6, zone, prefixed };
  return null;
}

/** Whether a zone number exists for the given width. */
export function isZoneNumber(zone: number, width: ZoneWidth): boolean {
  return Number.isInteger(zone) && zone >= ZONE_RANGE[width].min && zone <= ZONE_RANGE[width].max;
}

/** Central meridian (degrees east): 3·zone for 3° zones, 6·zone − 3 for 6° zones (GB/T 20257, 国家基本比例尺地图). */
export function centralMeridian(z: Pick<GaussKrugerZone, 'width' | 'zone'>): number {
  return z.width === 3 ? 3 * z.zone : 6 * z.zone - 3;
}

/** False easting (m): 500 000, plus zone·1 000 000 when the zone number is prefixed. */
export function falseEasting(z: GaussKrugerZone): number {
  return (z.prefixed ? z.zone * 1_000_000 : 0) + 500_000;
}

/** The 3° or 6° zone whose central meridian is nearest to a longitude. */
export function zoneOfLongitude(lon: number, width: ZoneWidth, prefixed = true): GaussKrugerZone | null {
  const zone = width === 3 ? Math.round(lon / 3) : Math.floor(lon / 6) + 1;
  return isZoneNumber(zone, width) ? { width, zone, prefixed } : null;
}

export function epsgOfZone(z: GaussKrugerZone): number {
  const base = EPSG_BASE[z.width];
  return (z.prefixed ? base.prefixed : base.plain) + z.zone - ZONE_RANGE[z.width].min;
}

/** The CGCS2000 Gauss-Kruger zone of an EPSG code, or null when the code is not one of 4491–4554. */
export function zoneOfEpsg(code: number): GaussKrugerZone | null {
  for (const width of [6, 3] as const) {
    const { min, max } = ZONE_RANGE[width];
    const n = max - min + 1;
    const { prefixed, plain } = EPSG_BASE[width];
    if (code >= prefixed && code < prefixed + n) return { width, zone: min + code - prefixed, prefixed: true };
    if (code >= plain && code < plain + n) return { width, zone: min + code - plain, prefixed: false };
  }
  return null;
}

/**
 * The EPSG code in a CRS name as GeoJSON's legacy `crs` member, GDAL and users write it: `EPSG:4527`,
 * `urn:ogc:def:crs:EPSG::4527`, `urn:ogc:def:crs:EPSG:6.3:4527`, `http://www.opengis.net/def/crs/EPSG/0/4527`.
 * `CRS84` / `urn:ogc:def:crs:OGC:1.3:CRS84` give 4326 (lon/lat). Null when no code can be read.
 */
export function epsgCodeOfName(name: string): number | null {
  const s = name.trim();
  if (/(^|[:/])CRS:?84$/i.test(s)) return 4326;
  const m = /^(?:urn:ogc:def:crs:EPSG:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/|EPSG:{1,2}|EPSG\s*)(\d{4,6})$/i.exec(s);
  return m ? Number(m[1]) : null;
}

/** Also reads ESRI names such as `CGCS2000_3_Degree_GK_Zone_39` and `CGCS2000_3_Degree_GK_CM_117E`. */
export function zoneOfCrsName(name: string): GaussKrugerZone | null {
  const code = epsgCodeOfName(name);
  if (code !== null) return zoneOfEpsg(code);
  const esri = /^CGCS2000[_ ](3|6)[_ ]Degree[_ ]GK[_ ](Zone[_ ](\d+)|CM[_ ](\d+)E)$/i.exec(name.trim());
  if (!esri) return null;
  const width = Number(esri[1]) as ZoneWidth;
  if (esri[3] !== undefined) {
    const zone = Number(esri[3]);
    return isZoneNumber(zone, width) ? { width, zone, prefixed: true } : null;
  }
  const cm = Number(esri[4]);
  const zone = width === 3 ? cm / 3 : (cm + 3) / 6;
  return isZoneNumber(zone, width) ? { width, zone, prefixed: false } : null;
}

/** proj4 definition, as epsg.io gives it for 4491–4554 (CGCS2000 uses the GRS 1980 ellipsoid, no datum shift). */
export function proj4Definition(z: GaussKrugerZone): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian(z)} +k=1 +x_0=${falseEasting(z)} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

const CGCS2000_LONLAT = '+proj=longlat +ellps=GRS80 +no_defs';

export interface GaussKrugerConverter {
  zone: GaussKrugerZone;
  /** [easting, northing] (m) → [longitude, latitude] (degrees, CGCS2000). */
  toLonLat(easting: number, northing: number): [number, number];
  /** [longitude, latitude] → [easting, northing]. */
  fromLonLat(lon: number, lat: number): [number, number];
}

const converters = new Map<string, GaussKrugerConverter>();

/** A converter for one zone (cached: proj4 parses its definition once). */
export function gaussKrugerConverter(z: GaussKrugerZone): GaussKrugerConverter {
  const key = `${z.width}/${z.zone}/${z.prefixed}`;
  let c = converters.get(key);
  if (!c) {
    const p = proj4(CGCS2000_LONLAT, proj4Definition(z));
    const zone = { ...z };
    c = {
      zone,
      toLonLat: (e, n) => {
        const r = p.inverse([e, n]);
        return [r[0], r[1]];
      },
      fromLonLat: (lon, lat) => {
        const r = p.forward([lon, lat]);
        return [r[0], r[1]];
      },
    };
    converters.set(key, c);
  }
  return c;
}

export function gaussKrugerToLonLat(z: GaussKrugerZone, easting: number, northing: number): [number, number] {
  return gaussKrugerConverter(z).toLonLat(easting, northing);
}

export function lonLatToGaussKruger(z: GaussKrugerZone, lon: number, lat: number): [number, number] {
  return gaussKrugerConverter(z).fromLonLat(lon, lat);
}

/** "CGCS2000 3° Gauss-Kruger zone 39 (CM 117°E, zone prefixed, EPSG:4527)" and its Chinese form. */
export function describeZone(z: GaussKrugerZone): Message {
  const cm = centralMeridian(z);
  const epsg = epsgOfZone(z);
  return {
    en: `CGCS2000 ${z.width}° Gauss-Kruger zone ${z.zone} (CM ${cm}°E, ${z.prefixed ? 'zone number prefixed to eastings' : 'eastings without zone number'}, EPSG:${epsg})`,
    zh: `2000国家大地坐标系 高斯-克吕格 ${z.width}度带 第${z.zone}带（中央经线 ${cm}°E，${z.prefixed ? '横坐标带带号' : '横坐标不带带号'}，EPSG:${epsg}）`,
  };
}

// China spans about 3°N–54°N: northings from ~0.3e6 to ~6.0e6 m. Half a zone is ≤ 167 km (3°) or ≤ 334 km (6°) at
// the equator; beyond 1.5× that an easting is not in the zone it claims.
const MAX_NORTHING = 7_000_000;
const MAX_OFFSET: Record<ZoneWidth, number> = { 3: 250_000, 6: 500_000 };

export interface ZoneGuess {
  /** `certain`: read from the zone prefix; `guess`: from a hint, to be confirmed; `unknown`: the user must choose. */
  status: 'certain' | 'guess' | 'unknown';
  zone: GaussKrugerZone | null;
  /** Other zones worth offering in the import dialog. */
  alternatives: GaussKrugerZone[];
  reasons: Message[];
}

export interface ZoneHints {
  /** An approximate longitude of the data (e.g. the park's), for eastings without a zone prefix. */
  longitude?: number;
  /** The zone width, when known (e.g. from 几度分带). */
  width?: ZoneWidth;
}

const fmtM = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));

/**
 * Which zone Gauss-Kruger coordinates are in. With the zone number prefixed (easting ≥ 1e7) it is certain:
 * zone = floor(easting / 1e6), 25–45 → 3°, 13–23 → 6°. Without it the coordinates look the same in every zone,
 * so only a hint (an approximate longitude) gives a guess; otherwise the user must choose.
 */
export function guessZone(eastings: readonly number[], northings: readonly number[], hints: ZoneHints = {}): ZoneGuess {
  const unknown = (...reasons: Message[]): ZoneGuess => ({ status: 'unknown', zone: null, alternatives: [], reasons });
  const es = eastings.filter(Number.isFinite);
  const ns = northings.filter(Number.isFinite);
  if (es.length === 0) return unknown({ en: 'no coordinates to read a zone from', zh: '没有可用于判断分带的坐标' });
  const badNorthing = ns.find((n) => n < 0 || n >= MAX_NORTHING);
  if (badNorthing !== undefined) {
    return unknown({
      en: `northing ${fmtM(badNorthing)} is outside 0…${MAX_NORTHING} m (northern hemisphere, China); are easting and northing swapped?`,
      zh: `纵坐标（X，北）${fmtM(badNorthing)} 超出 0…${MAX_NORTHING} 米（北半球、中国范围）；横纵坐标是否颠倒？`,
    });
  }
  const misfit = es.find((e) => e < 0 || (e >= 1_000_000 && e < 10_000_000) || e >= 100_000_000);
  if (misfit !== undefined) {
    return unknown({
      en: `easting ${fmtM(misfit)} is neither a plain easting (below 1 000 000) nor one with a zone number in front (13–23 or 25–45 million)`,
      zh: `横坐标（Y，东）${fmtM(misfit)} 既不是不带带号的横坐标（小于 1000000），也不是带带号的横坐标（带号 13–23 或 25–45）`,
    });
  }
  const prefixedCount = es.filter((e) => e >= 10_000_000).length;
  if (prefixedCount > 0 && prefixedCount < es.length) {
    return unknown({
      en: `${prefixedCount} of ${es.length} eastings carry a zone number and the others do not`,
      zh: `${es.length} 个横坐标中 ${prefixedCount} 个带带号，其余不带`,
    });
  }
  if (prefixedCount > 0) {
    const zones = [...new Set(es.map((e) => Math.floor(e / 1_000_000)))].sort((a, b) => a - b);
    if (zones.length > 1) {
      return unknown({ en: `eastings carry different zone numbers: ${zones.join(', ')}`, zh: `横坐标的带号不一致：${zones.join('、')}` });
    }
    const zone = zoneFromNumber(zones[0], true);
    if (!zone) {
      return unknown({
        en: `the zone number in front of the eastings, ${zones[0]}, is not a CGCS2000 zone (3°: 25–45, 6°: 13–23)`,
        zh: `横坐标前的带号 ${zones[0]} 不是 2000 坐标系的分带（3度带 25–45，6度带 13–23）`,
      });
    }
    const reasons: Message[] = [{
      en: `the eastings start with the zone number ${zone.zone} (e.g. ${fmtM(es[0])}); ${zone.zone} is a ${zone.width}° zone`,
      zh: `横坐标以带号 ${zone.zone} 开头（${fmtM(es[0])}）；${zone.zone} 属于 ${zone.width}度带`,
    }];
    if (hints.width !== undefined && hints.width !== zone.width) {
      reasons.push({
        en: `the stated zone width ${hints.width}° disagrees with zone number ${zone.zone}, which only exists as a ${zone.width}° zone`,
        zh: `标明的 ${hints.width}度分带 与带号 ${zone.zone} 不符（该带号只存在于 ${zone.width}度带）`,
      });
    }
    const far = es.find((e) => Math.abs(e - zone.zone * 1_000_000 - 500_000) > MAX_OFFSET[zone.width]);
    if (far !== undefined) {
      reasons.push({
        en: `easting ${fmtM(far)} lies more than ${MAX_OFFSET[zone.width] / 1000} km from the central meridian: check the zone`,
        zh: `横坐标 ${fmtM(far)} 距中央经线超过 ${MAX_OFFSET[zone.width] / 1000} 千米，请核对分带`,
      });
    }
    return { status: 'certain', zone, alternatives: [], reasons };
  }
  const noPrefix: Message = {
    en: 'the eastings carry no zone number (all below 1 000 000), so the coordinates alone cannot tell the zone',
    zh: '横坐标不带带号（均小于 1000000），仅凭坐标无法判断分带',
  };
  if (hints.longitude === undefined || !Number.isFinite(hints.longitude)) {
    return unknown(noPrefix, { en: 'choose the zone (e.g. --zone 39) or the EPSG code (e.g. --from EPSG:4545)', zh: '请指定分带（如 --zone 39）或 EPSG 代码（如 --from EPSG:4545）' });
  }
  const width = hints.width ?? 3;
  const zone = zoneOfLongitude(hints.longitude, width, false);
  if (!zone) {
    return unknown(noPrefix, {
      en: `longitude ${hints.longitude}° is outside the CGCS2000 ${width}° zones of China`,
      zh: `经度 ${hints.longitude}° 不在中国的 ${width}度带范围内`,
    });
  }
  const alternatives: GaussKrugerZone[] = [];
  // A longitude near a zone border could belong to the neighbour; the other width is the other common choice.
  const cm = centralMeridian(zone);
  const neighbour = zoneFromNumber(zone.zone + (hints.longitude > cm ? 1 : -1), false);
  if (neighbour && neighbour.width === width && Math.abs(hints.longitude - cm) > width / 2 - 0.5) alternatives.push(neighbour);
  if (hints.width === undefined) {
    const other = zoneOfLongitude(hints.longitude, 6, false);
    if (other) alternatives.push(other);
  }
  return {
    status: 'guess',
    zone,
    alternatives,
    reasons: [noPrefix, {
      en: `near longitude ${hints.longitude}° the ${width}° zone is ${zone.zone} (CM ${cm}°E)${hints.width === undefined ? '; 3° zones are the usual choice for cadastral and boundary surveys' : ''}`,
      zh: `经度 ${hints.longitude}° 附近的 ${width}度带为第 ${zone.zone} 带（中央经线 ${cm}°E）${hints.width === undefined ? '；地籍与勘测定界通常用 3度带' : ''}`,
    }],
  };
}
