// .prj (WKT 1, OGC or ESRI flavour) → what the import needs to know: geographic or projected, the datum,
// and for Gauss-Kruger the central meridian, false easting and zone. Reprojection itself lives in geodesy.

export type DatumName = 'CGCS2000' | 'WGS84' | 'Xian1980' | 'Beijing1954' | 'other';

export interface PrjInfo {
  wkt: string;
  kind: 'geographic' | 'projected' | 'unknown';
  /** The coordinate system's own name, e.g. "CGCS2000_3_Degree_GK_Zone_38". */
  name: string | null;
  datum: DatumName | null;
  datumName: string | null;
  /** Projection method as written, e.g. "Gauss_Kruger" or "Transverse_Mercator". */
  projection: string | null;
  /** Gauss-Kruger / Transverse Mercator (the method; the scale factor tells GK (1.0) from UTM (0.9996)). */
  isTransverseMercator: boolean;
  centralMeridian: number | null;
  falseEasting: number | null;
  falseNorthing: number | null;
  scaleFactor: number | null;
  latitudeOfOrigin: number | null;
  /** Zone number from the name or the false easting prefix (38 500 000 → 38). */
  zone: number | null;
  /** 3° or 6° zones, from the name or the zone number (25–45 are 3° zones in China, 13–23 are 6°). */
  zoneWidth: 3 | 6 | null;
  /** Linear unit of a projected system. */
  unit: { name: string; metres: number } | null;
  epsg: number | null;
  summary: { en: string; zh: string };
}

type Node = { keyword: string; args: Array<string | number | Node> };

/** Parses WKT 1 into a tree; null when it is not WKT. */
export function parseWkt(text: string): Node | null {
  let i = 0;
  const s = text.trim();
  const ws = () => { while (i < s.length && /\s/.test(s[i])) i++; };
  const node = (): Node | null => {
    ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i, i + 64));
    if (!m) return null;
    i += m[0].length;
    ws();
    const open = s[i];
    if (open !== '[' && open !== '(') return { keyword: m[0].toUpperCase(), args: [] };
    const close = open === '[' ? ']' : ')';
    i++;
    const args: Node['args'] = [];
    for (;;) {
      ws();
      if (i >= s.length) return null;
      if (s[i] === close) { i++; break; }
      if (s[i] === ',') { i++; continue; }
      if (s[i] === '"') {
        const end = s.indexOf('"', i + 1);
        if (end < 0) return null;
        args.push(s.slice(i + 1, end));
        i = end + 1;
      } else if (/[-+.\d]/.test(s[i])) {
        const n = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s.slice(i, i + 40));
        if (!n) return null;
        args.push(Number(n[0]));
        i += n[0].length;
      } else {
        const child = node();
        if (!child) return null;
        args.push(child);
      }
    }
    return { keyword: m[0].toUpperCase(), args };
  };
  return node();
}

const children = (n: Node, keyword: string) => n.args.filter((a): a is Node => typeof a === 'object' && a.keyword === keyword);
const child = (n: Node, keyword: string) => children(n, keyword)[0] ?? null;
const nameOf = (n: Node | null) => (n && typeof n.args[0] === 'string' ? (n.args[0] as string) : null);
function find(n: Node, keyword: string): Node | null {
  for (const a of n.args) if (typeof a === 'object') {
    if (a.keyword === keyword) return a;
    const deeper = find(a, keyword);
    if (deeper) return deeper;
  }
  return null;
}

function datumOf(datumName: string | null, a: number | null, rf: number | null, crsName: string | null): DatumName | null {
  const text = `${datumName ?? ''} ${crsName ?? ''}`.toLowerCase();
  if (/cgcs|china_2000|china 2000|china_geodetic|2000国家|国家2000/.test(text)) return 'CGCS2000';
  if (/xian|xi'an|西安/.test(text)) return 'Xian1980';
  if (/beijing|北京/.test(text)) return 'Beijing1954';
  if (/wgs.?(19)?84/.test(text)) return 'WGS84';
  // By the ellipsoid when the names say nothing (CGCS2000 and WGS84 differ only in the flattening's 10th digit).
  if (a === 6378137 && rf !== null && Math.abs(rf - 298.257222101) < 1e-8) return 'CGCS2000';
  if (a === 6378137 && rf !== null && Math.abs(rf - 298.257223563) < 1e-8) return 'WGS84';
  if (a === 6378140) return 'Xian1980';
  if (a === 6378245) return 'Beijing1954';
  return datumName || a ? 'other' : null;
}

const DATUM_LABEL: Record<DatumName, { en: string; zh: string }> = {
  CGCS2000: { en: 'CGCS2000', zh: '2000国家大地坐标系' },
  WGS84: { en: 'WGS84', zh: 'WGS84' },
  Xian1980: { en: 'Xian 1980', zh: '西安80' },
  Beijing1954: { en: 'Beijing 1954', zh: '北京54' },
  other: { en: 'another datum', zh: '其他基准' },
};

/** Reads a .prj; never throws. */
export function parsePrj(wkt: string): PrjInfo {
  const text = wkt.replace(/^\uFEFF/, '').trim();
  const tree = parseWkt(text);
  const empty: PrjInfo = {
    wkt: text, kind: 'unknown', name: null, datum: null, datumName: null, projection: null, isTransverseMercator: false,
    centralMeridian: null, falseEasting: null, falseNorthing: null, scaleFactor: null, latitudeOfOrigin: null,
    zone: null, zoneWidth: null, unit: null, epsg: null,
    summary: { en: 'coordinate system not recognised (.prj is not WKT)', zh: '无法识别坐标系（.prj 不是 WKT）' },
  };
  if (!tree) return empty;
  const kw = tree.keyword;
  const projected = kw === 'PROJCS' || kw === 'PROJCRS' || kw === 'PROJECTEDCRS';
  const geographic = kw === 'GEOGCS' || kw === 'GEOGCRS' || kw === 'GEODCRS' || kw === 'GEOGRAPHICCRS';
  const name = nameOf(tree);
  const datumNode = find(tree, 'DATUM');
  const spheroid = datumNode ? child(datumNode, 'SPHEROID') ?? child(datumNode, 'ELLIPSOID') : find(tree, 'SPHEROID');
  const a = spheroid && typeof spheroid.args[1] === 'number' ? spheroid.args[1] : null;
  const rf = spheroid && typeof spheroid.args[2] === 'number' ? spheroid.args[2] : null;
  const datumName = nameOf(datumNode);
  const geogName = nameOf(find(tree, 'GEOGCS'));
  const datum = datumOf(datumName, a, rf, `${name ?? ''} ${geogName ?? ''}`);
  const authority = child(tree, 'AUTHORITY') ?? child(tree, 'ID');
  const epsgRaw = authority && String(authority.args[0]).toUpperCase() === 'EPSG' ? Number(authority.args[1]) : NaN;
  const info: PrjInfo = { ...empty, kind: projected ? 'projected' : geographic ? 'geographic' : 'unknown', name, datum, datumName, epsg: Number.isFinite(epsgRaw) ? epsgRaw : null };
  if (projected) {
    const projection = nameOf(child(tree, 'PROJECTION') ?? child(tree, 'METHOD') ?? find(tree, 'METHOD'));
    info.projection = projection;
    info.isTransverseMercator = /gauss|kruger|transverse_?\s?mercator/i.test(projection ?? '');
    const params = new Map<string, number>();
    for (const p of [...children(tree, 'PARAMETER'), ...(find(tree, 'CONVERSION') ? children(find(tree, 'CONVERSION')!, 'PARAMETER') : [])]) {
      if (typeof p.args[0] === 'string' && typeof p.args[1] === 'number') params.set(p.args[0].toLowerCase().replace(/[\s-]+/g, '_'), p.args[1]);
    }
    const param = (...keys: string[]) => { for (const k of keys) if (params.has(k)) return params.get(k)!; return null; };
    info.centralMeridian = param('central_meridian', 'longitude_of_center', 'longitude_of_natural_origin');
    info.falseEasting = param('false_easting');
    info.falseNorthing = param('false_northing');
    info.scaleFactor = param('scale_factor', 'scale_factor_at_natural_origin');
    info.latitudeOfOrigin = param('latitude_of_origin', 'latitude_of_natural_origin');
    const unit = children(tree, 'UNIT').pop() ?? child(tree, 'LENGTHUNIT');
    if (unit && typeof unit.args[0] === 'string' && typeof unit.args[1] === 'number') info.unit = { name: unit.args[0], metres: unit.args[1] };
    const zoneFromName = /zone[_\s]*(\d{1,2})(?!\d)/i.exec(name ?? '');
    if (zoneFromName) info.zone = Number(zoneFromName[1]);
    else if (info.falseEasting !== null && info.falseEasting >= 1e6) info.zone = Math.floor(info.falseEasting / 1e6);
    if (/3[_\s]*degree|3度/i.test(name ?? '')) info.zoneWidth = 3;
    else if (/6[_\s]*degree|6度/i.test(name ?? '')) info.zoneWidth = 6;
    else if (info.zone !== null) info.zoneWidth = info.zone >= 25 && info.zone <= 45 ? 3 : info.zone >= 13 && info.zone <= 23 ? 6 : null;
  }
  const d = datum ? DATUM_LABEL[datum] : { en: 'unknown datum', zh: '未知基准' };
  if (info.kind === 'geographic') {
    info.summary = { en: `geographic longitude/latitude, ${d.en}${info.epsg ? ` (EPSG:${info.epsg})` : ''}`, zh: `地理坐标（经纬度），${d.zh}${info.epsg ? `（EPSG:${info.epsg}）` : ''}` };
  } else if (info.kind === 'projected') {
    const method = info.isTransverseMercator ? (info.scaleFactor === null || info.scaleFactor === 1 ? 'Gauss-Kruger' : 'Transverse Mercator') : info.projection ?? 'unknown projection';
    const methodZh = info.isTransverseMercator ? (info.scaleFactor === null || info.scaleFactor === 1 ? '高斯-克吕格' : '横轴墨卡托') : info.projection ?? '未知投影';
    const cm = info.centralMeridian !== null ? `, central meridian ${info.centralMeridian}°E` : '';
    const cmZh = info.centralMeridian !== null ? `，中央经线 ${info.centralMeridian}°` : '';
    const zone = info.zone !== null ? `, zone ${info.zone}${info.zoneWidth ? ` (${info.zoneWidth}°)` : ''}` : info.zoneWidth ? `, ${info.zoneWidth}° zone` : '';
    const zoneZh = info.zone !== null ? `，${info.zoneWidth ? `${info.zoneWidth}度带` : ''}第 ${info.zone} 带` : info.zoneWidth ? `，${info.zoneWidth}度带` : '';
    const fe = info.falseEasting !== null ? `, false easting ${info.falseEasting}` : '';
    const feZh = info.falseEasting !== null ? `，东偏移 ${info.falseEasting}` : '';
    info.summary = { en: `projected ${method}, ${d.en}${cm}${zone}${fe}`, zh: `投影坐标 ${methodZh}，${d.zh}${cmZh}${zoneZh}${feZh}` };
  } else {
    info.summary = { en: `coordinate system ${kw} not recognised`, zh: `无法识别的坐标系 ${kw}` };
  }
  return info;
}

/** CGCS2000 geographic (EPSG:4490), OGC WKT 1 as in the EPSG registry. */
export const CGCS2000_WKT =
  'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]]';
