// Writes the bad-input corpus into test/corpus/files/: `npx tsx test/corpus/make.ts`. Deterministic (no clock, no
// randomness), so regenerating gives the same bytes. What each file must make the CLI and the app say is in
// expected.json; README.md explains the layout. The 200 MB GeoJSON is not here: tests write it to a temp folder
// (bigGeoJson.mjs), since it must never be committed.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import type { Geometry } from 'geojson';
import { encodeGbk } from '../../src/core/io/encoding';
import { planDbfFields, shortFieldNames, writeDbf } from '../../src/core/io/dbfWrite';
import { writeShp } from '../../src/core/io/shpWrite';
import { deflatedZeros, rawZip as rawZipBytes } from '../support/rawZip';

const FILES = join(dirname(fileURLToPath(import.meta.url)), 'files');
rmSync(FILES, { recursive: true, force: true });
mkdirSync(FILES, { recursive: true });
const written: string[] = [];
function out(name: string, content: Uint8Array | string): void {
  mkdirSync(dirname(join(FILES, name)), { recursive: true });
  writeFileSync(join(FILES, name), content);
  written.push(name);
}
const utf8 = (s: string) => new TextEncoder().encode(s);
const gbk = (s: string) => {
  const e = encodeGbk(s);
  if (e.unencodable.length) throw new Error(`not GBK: ${e.unencodable.join('')}`);
  return e.bytes;
};
const DATE = new Date(Date.UTC(2024, 5, 30));

// ---------------------------------------------------------------- GeoJSON (CLI: metrics)

/** A 0.002° × 0.0015° square at (x, y): about 187 m × 166 m near 33°N. */
const sq = (x: number, y: number, w = 0.002, h = 0.0015) => [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]];
const PROPS = { landUse: 'industrial', enterprise: '驻马店市宏达机械有限公司', industry: '专用设备制造业', industryCode: '36', investmentWan: 12000, floorAreaM2: 40000, footprintAreaM2: 12000, greenAreaM2: 2000, park: 'PARK-1' };
const feature = (id: string | null, geometry: unknown, props: Record<string, unknown> = {}) => ({
  type: 'Feature', ...(id === null ? {} : { id }), properties: { ...PROPS, ...props }, geometry,
});
const poly = (x: number, y = 33.0) => ({ type: 'Polygon', coordinates: [sq(x, y)] });
const layer = (features: unknown[], extra: Record<string, unknown> = { kind: 'parcel' }) => ({ type: 'FeatureCollection', ...extra, features });
/** One feature per line, as exports usually are: the line numbers in messages point somewhere useful. */
const geojson = (value: unknown) => {
  const v = value as { features?: unknown[] };
  if (!v || typeof v !== 'object' || !Array.isArray(v.features)) return `${JSON.stringify(value)}\n`;
  const { features, ...head } = v as Record<string, unknown> & { features: unknown[] };
  return `${JSON.stringify(head).slice(0, -1)},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
};
const good = layer([feature('P-001', poly(114.0)), feature('P-002', poly(114.003)), feature('P-003', poly(114.006))]);
const goodText = geojson(good);

// Broken JSON text.
out('json-trailing-comma.geojson', goodText.replace(/\n\]\}\n$/, ',\n]}\n'));
out('json-truncated.geojson', goodText.slice(0, Math.floor(goodText.length * 0.6)));
out('json-single-quotes.geojson', goodText.replace(/"P-002"/g, "'P-002'"));
out('json-unquoted-keys.geojson', goodText.replace('"type":"FeatureCollection"', 'type:"FeatureCollection"'));
out('json-comments.geojson', `// 宗地图层，2024年6月导出\n${goodText}`);
out('json-nan-literal.geojson', goodText.replace('"investmentWan":12000', '"investmentWan":NaN'));
out('json-infinity-literal.geojson', goodText.replace('[[[114.003,33]', '[[[Infinity,33]'));
out('json-concatenated.geojson', goodText + goodText);
out('empty.geojson', '');
out('whitespace-only.geojson', '  \r\n\t\n   \n');

// Wrong top-level type.
out('top-level-array.geojson', `${JSON.stringify(good.features)}\n`);
out('top-level-string.geojson', '"宗地图层"\n');
out('top-level-null.geojson', 'null\n');
out('top-level-geometry.geojson', `${JSON.stringify(poly(114.0))}\n`);
out('top-level-no-type.geojson', `${JSON.stringify({ kind: 'parcel', features: good.features })}\n`);
out('features-not-array.geojson', `${JSON.stringify({ type: 'FeatureCollection', kind: 'parcel', features: { 'P-001': good.features[0] } })}\n`);
out('kind-misspelt.geojson', geojson(layer(good.features, { kind: 'parcels' })));
out('kind-missing-generic.geojson', geojson(layer([{ type: 'Feature', id: 'X-1', properties: { 备注: '无' }, geometry: poly(114.0) }], {})));

// Empty collection.
out('empty-collection.geojson', geojson(layer([])));
out('empty-collection-no-kind.geojson', geojson(layer([], {})));

// Features that are not features.
out('features-not-features.geojson', geojson(layer([feature('P-001', poly(114.0)), null, 42, { type: 'feature', id: 'P-003', geometry: poly(114.006) }])));
out('properties-array.geojson', geojson(layer([feature('P-001', poly(114.0)), { type: 'Feature', id: 'P-002', properties: ['industrial', 12000], geometry: poly(114.003) }])));

// Geometry: null, not an area, empty, unclosed, self-intersecting, bow-tie, too short, zero area.
out('null-geometry.geojson', geojson(layer([feature('P-001', poly(114.0)), feature('P-002', null), feature('P-003', poly(114.006))])));
out('point-geometry.geojson', geojson(layer([feature('P-001', poly(114.0)), feature('P-002', { type: 'Point', coordinates: [114.003, 33.0] })])));
out('geometry-collection.geojson', geojson(layer([feature('P-001', { type: 'GeometryCollection', geometries: [poly(114.0), poly(114.003)] })])));
out('empty-coordinates.geojson', geojson(layer([feature('P-001', poly(114.0)), feature('P-002', { type: 'MultiPolygon', coordinates: [] })])));
out('unclosed-ring.geojson', geojson(layer([feature('P-001', { type: 'Polygon', coordinates: [sq(114.0, 33.0).slice(0, 4)] }), feature('P-002', poly(114.003))])));
// A pentagram drawn in one stroke: the ring crosses itself five times.
const star = [0, 1, 2, 3, 4].map((k) => {
  const a = Math.PI / 2 + (k * 4 * Math.PI) / 5;
  return [Number((114.01 + 0.001 * Math.cos(a)).toFixed(7)), Number((33.0 + 0.001 * Math.sin(a)).toFixed(7))];
});
out('self-intersecting-star.geojson', geojson(layer([feature('P-001', poly(114.0)), feature('P-STAR', { type: 'Polygon', coordinates: [[...star, star[0]]] })])));
// Corners 3 and 4 swapped: two triangles meeting at the centre (114.001, 33.00075).
out('bow-tie.geojson', geojson(layer([feature('P-BOWTIE', { type: 'Polygon', coordinates: [[[114.0, 33.0], [114.002, 33.0], [114.0, 33.0015], [114.002, 33.0015], [114.0, 33.0]]] })])));
out('hole-crosses-shell.geojson', geojson(layer([feature('P-001', { type: 'Polygon', coordinates: [sq(114.0, 33.0), [[114.001, 33.0005], [114.001, 33.002], [114.0015, 33.002], [114.0015, 33.0005], [114.001, 33.0005]]] })])));
out('ring-two-points.geojson', geojson(layer([feature('P-001', { type: 'Polygon', coordinates: [[[114.0, 33.0], [114.002, 33.0], [114.0, 33.0]]] })])));
out('zero-area-sliver.geojson', geojson(layer([feature('P-SLIVER', { type: 'Polygon', coordinates: [[[114.0, 33.0], [114.001, 33.0005], [114.002, 33.001], [114.0, 33.0]]] })])));

// Ids.
out('duplicate-ids.geojson', geojson(layer([feature('P-001', poly(114.0)), feature('P-002', poly(114.003)), feature('P-001', poly(114.006))])));
out('missing-ids.geojson', geojson(layer([feature(null, poly(114.0)), feature(null, poly(114.003))])));

// Coordinates in the wrong space.
const gk = (e: number, n: number) => [[e, n], [e + 150, n], [e + 150, n + 200], [e, n + 200], [e, n]];
out('projected-zone-prefixed.geojson', geojson(layer([feature('P-001', { type: 'Polygon', coordinates: [gk(38_520_000, 3_650_000)] })])));
out('projected-no-prefix.geojson', geojson(layer([feature('P-001', { type: 'Polygon', coordinates: [gk(520_000, 3_650_000)] })])));
out('swapped-axes.geojson', geojson(layer([feature('P-001', { type: 'Polygon', coordinates: [sq(114.0, 33.0).map(([x, y]) => [y, x])] })])));
out('out-of-range.geojson', geojson(layer([feature('P-001', { type: 'Polygon', coordinates: [sq(214.0, 33.0)] })])));
out('coordinates-as-strings.geojson', geojson(layer([feature('P-001', poly(114.0)), feature('P-002', { type: 'Polygon', coordinates: [sq(114.003, 33.0).map(([x, y]) => [String(x), String(y)])] })])));
out('coordinates-null.geojson', geojson(layer([feature('P-001', { type: 'Polygon', coordinates: [[[114.0, 33.0], [null, 33.0], [114.002, 33.0015], [114.0, 33.0]]] })])));
out('coordinates-exponent-overflow.geojson', goodText.replace('[[[114.006,33]', '[[[1e999,33]'));

// Numbers that are not numbers; negative and huge values.
out('numbers-as-text.geojson', geojson(layer([
  feature('P-001', poly(114.0), { investmentWan: 'abc' }),
  feature('P-002', poly(114.003), { investmentWan: '1.2万' }),
  feature('P-003', poly(114.006), { investmentWan: 'NaN', floorAreaM2: 'Infinity' }),
  feature('P-004', poly(114.009), { investmentWan: '12,000.5' }),
])));
out('numbers-negative.geojson', geojson(layer([
  feature('P-001', poly(114.0), { investmentWan: -500 }),
  feature('P-002', poly(114.003), { floorAreaM2: -1, greenAreaM2: -0.5 }),
])));
out('numbers-huge.geojson', goodText.replace('"investmentWan":12000', '"investmentWan":1e308').replace('"floorAreaM2":40000', '"floorAreaM2":1e999'));

// Dates: the odd formats import reads, and ones it must refuse.
const dated = (id: string, x: number, agreed: unknown) => feature(id, poly(x), { agreedStartDate: agreed, actualStartDate: null, landPriceWan: 500 });
out('dates-odd-formats.geojson', geojson(layer([
  dated('D-SLASH', 114.0, '2020/1/5'), dated('D-CHINESE', 114.003, '2020年1月5日'), dated('D-EXCEL', 114.006, 43835),
  dated('D-DOTS', 114.009, '2020.1.5'), dated('D-COMPACT', 114.012, '20200105'), dated('D-EXCELTEXT', 114.015, '43835'),
])));
out('dates-unreadable.geojson', geojson(layer([
  dated('D-FEB30', 114.0, '2020-02-30'), dated('D-DMY', 114.003, '05/01/2020'), dated('D-HANZI', 114.006, '二〇二〇年一月五日'),
  dated('D-WORD', 114.009, '去年'), dated('D-SERIAL', 114.012, 2958466), dated('D-BOOL', 114.015, true),
])));

// Text encodings: real GBK bytes, text already damaged by a wrong decode, UTF-16.
const chinese = layer([
  feature('宗地-一', poly(114.0), { name: '汝南县宏达机械', enterprise: '汝南县宏达机械有限公司' }),
  feature('宗地-二', poly(114.003), { name: '天中物流', enterprise: '驻马店市天中物流有限公司' }),
]);
out('gbk-encoded.geojson', gbk(geojson(chinese)));
out('mojibake-replacement-chars.geojson', geojson(layer([
  feature('P-001', poly(114.0), { enterprise: '\uFFFD\uFFFD\uFFFD\uFFFD\u673A\u68B0\uFFFD\uFFFD\uFFFD\u516C\u53F8' }),
  feature('P-002', poly(114.003), { enterprise: '驻马店市天中物流有限公司' }),
])));
const u16 = (s: string) => {
  const b = new Uint8Array(2 + s.length * 2);
  b[0] = 0xff; b[1] = 0xfe;
  for (let i = 0; i < s.length; i++) { b[2 + 2 * i] = s.charCodeAt(i) & 0xff; b[3 + 2 * i] = s.charCodeAt(i) >> 8; }
  return b;
};
out('utf16-with-bom.geojson', u16(geojson(chinese)));

// Deep nesting: in a property, and in the coordinates.
const DEPTH = 100_000;
out('deep-nesting-property.geojson', goodText.replace('"park":"PARK-1"', `"park":"PARK-1","备注":${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)}`));
out('deep-nesting-coordinates.geojson', `{"type":"FeatureCollection","kind":"parcel","features":[\n{"type":"Feature","id":"P-DEEP","properties":{},"geometry":{"type":"Polygon","coordinates":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}\n]}\n`);

// Many bad features: the CLI prints the first 50 and a count.
out('many-errors.geojson', geojson(layer(Array.from({ length: 500 }, (_, i) => feature(`N-${String(i + 1).padStart(3, '0')}`, null)))));

// A ZIP given a .geojson name.
const zipped = zipSync({ 'parcels.geojson': utf8(goodText) }, { mtime: DATE });
out('zip-named-geojson.geojson', zipped);

// ---------------------------------------------------------------- 坐标TXT (CLI: convert)

const ATTRS = ['[属性描述]', '格式版本号=1.01', '数据产生单位=驻马店市自然资源和规划局', '坐标系=2000国家大地坐标系', '几度分带=3', '投影类型=高斯克吕格', '计量单位=米', '带号=38', '精度=0.001'];
const DK01 = ['5,3.0000,DK-01,产业集聚区一号地块,面,,工业用地,0601,@', 'J1,1,3650200.000,38520000.000', 'J2,1,3650200.000,38520150.000', 'J3,1,3650000.000,38520150.000', 'J4,1,3650000.000,38520000.000', 'J1,1,3650200.000,38520000.000'];
const DK02 = ['5,6.0000,DK-02,物流园地块,面,,仓储用地,0508,@', 'J1,1,3650600.000,38520300.000', 'J2,1,3650600.000,38520600.000', 'J3,1,3650400.000,38520600.000', 'J4,1,3650400.000,38520300.000', 'J1,1,3650600.000,38520300.000'];
const txt = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
const standard = (attrs = ATTRS, parcels = [...DK01, ...DK02]) => txt([...attrs, '[地块坐标]', ...parcels]);
const setAttr = (key: string, value: string | null) => ATTRS.flatMap((l) => (l.startsWith(`${key}=`) ? (value === null ? [] : [`${key}=${value}`]) : [l]));

out('txt-empty.txt', '');
out('txt-not-a-coordinate-file.txt', txt(['会议纪要', '一、关于产业集聚区宗地调整的意见', '二、下一步工作安排']));
out('txt-missing-parcel-section.txt', txt([...ATTRS, ...DK01]));
out('txt-missing-attribute-section.txt', txt(['[地块坐标]', ...DK01].map((l) => l.replace(/3852/g, '52'))));
out('txt-no-parcels.txt', txt([...ATTRS, '[地块坐标]']));
out('txt-xian80.txt', standard(setAttr('坐标系', '1980西安坐标系')));
out('txt-beijing54.txt', standard(setAttr('坐标系', '1954北京坐标系')));
out('txt-utm.txt', standard(setAttr('投影类型', 'UTM')));
out('txt-unit-feet.txt', standard(setAttr('计量单位', '英尺')));
out('txt-zone-invalid.txt', standard(setAttr('带号', '99')));
out('txt-zone-width-mismatch.txt', standard(setAttr('几度分带', '6')));
out('txt-zone-unknown.txt', standard(setAttr('带号', ''), [...DK01, ...DK02].map((l) => l.replace(/,3852/g, ',52'))));
out('txt-zone-mismatch.txt', standard(ATTRS, [...DK01, ...DK02].map((l) => l.replace(/,3852/g, ',3952'))));
out('txt-point-letter-o.txt', standard(ATTRS, [...DK01.slice(0, 3), 'J3,1,3650000.OOO,38520150.000', ...DK01.slice(4), ...DK02]));
out('txt-point-three-fields.txt', standard(ATTRS, [...DK01.slice(0, 3), 'J3,1,3650000.000', ...DK01.slice(4), ...DK02]));
out('txt-ring-number-letter.txt', standard(ATTRS, [...DK01.slice(0, 2), 'J2,A,3650200.000,38520150.000', ...DK01.slice(3), ...DK02]));
out('txt-too-few-points.txt', standard(ATTRS, ['3,0.0000,DK-09,线状地块,面,,工业用地,0601,@', 'J1,1,3650200.000,38520000.000', 'J2,1,3650200.000,38520150.000', 'J1,1,3650200.000,38520000.000', ...DK02]));
out('txt-point-before-header.txt', standard(ATTRS, [...DK01.slice(1), ...DK02]));
out('txt-northing-out-of-range.txt', standard(ATTRS, [...DK01.slice(0, 3), 'J3,1,9650000.000,38520150.000', ...DK01.slice(4), ...DK02]));
out('txt-easting-mixed-prefix.txt', standard(ATTRS, [...DK01.slice(0, 3), 'J3,1,3650000.000,520150.000', ...DK01.slice(4), ...DK02]));
out('txt-header-count-text.txt', standard(ATTRS, [DK01[0].replace(/^5,/, '五,'), ...DK01.slice(1), ...DK02]));
out('txt-header-area-text.txt', standard(ATTRS, [DK01[0].replace('3.0000', '三公顷'), ...DK01.slice(1), ...DK02]));
out('txt-negative-area.txt', standard(ATTRS, [DK01[0].replace('3.0000', '-3.0000'), ...DK01.slice(1), ...DK02]));
out('txt-degrees-not-metres.txt', standard(ATTRS, ['5,3.0000,DK-01,产业集聚区一号地块,面,,工业用地,0601,@', 'J1,1,33.0015,114.0000', 'J2,1,33.0015,114.0020', 'J3,1,33.0000,114.0020', 'J4,1,33.0000,114.0000', 'J1,1,33.0015,114.0000']));
out('txt-bow-tie.txt', standard(ATTRS, ['5,3.0000,DK-08,交叉地块,面,,工业用地,0601,@', 'J1,1,3650200.000,38520000.000', 'J2,1,3650200.000,38520150.000', 'J3,1,3650000.000,38520000.000', 'J4,1,3650000.000,38520150.000', 'J1,1,3650200.000,38520000.000', ...DK02]));
out('txt-duplicate-ids.txt', standard(ATTRS, [...DK01, ...DK02.map((l) => l.replace('DK-02', 'DK-01'))]));
out('txt-truncated.txt', standard(ATTRS, [...DK01, ...DK02.slice(0, 3)]).replace(/\r\n$/, '').slice(0, -8));
out('txt-gbk-encoded.txt', gbk(standard(ATTRS, [...DK01, ...DK02])));

// ---------------------------------------------------------------- Shapefile zip, loose parts (CLI: convert)

const lonLatSq = (x: number, y: number, w: number, h: number) => [[x, y], [x, y + h], [x + w, y + h], [x + w, y], [x, y]]; // clockwise outer ring (Shapefile order)
const SHAPES: Geometry[] = [
  { type: 'Polygon', coordinates: [lonLatSq(114.30, 33.00, 0.004, 0.003)] },
  { type: 'Polygon', coordinates: [lonLatSq(114.31, 33.00, 0.003, 0.002)] },
  { type: 'Polygon', coordinates: [lonLatSq(114.32, 33.00, 0.002, 0.002)] },
];
const RECORDS = [
  { 宗地编号: 'RN-001', 企业名称: '汝南县宏达机械有限公司', 用地性质: '工业用地', 投资额: 12345.67 },
  { 宗地编号: 'RN-002', 企业名称: '驻马店市天中物流有限公司', 用地性质: '仓储用地', 投资额: 5000 },
  { 宗地编号: 'RN-003', 企业名称: '汝南县粮食储备库', 用地性质: '仓储用地', 投资额: 800 },
];
const PRJ_CGCS2000 = 'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const PRJ_XIAN80 = 'PROJCS["Xian_1980_3_Degree_GK_Zone_38",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const PRJ_UTM = 'PROJCS["WGS_1984_UTM_Zone_49N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

function dbf(records: Array<Record<string, unknown>>, encoding: 'utf-8' | 'gbk'): Uint8Array {
  const names = shortFieldNames(Object.keys(records[0]), encoding);
  return writeDbf(records, planDbfFields(records, names, encoding), { encoding, date: DATE, file: 'corpus.dbf' }).bytes;
}
const shapes = writeShp(SHAPES, 5);
const utf8Dbf = dbf(RECORDS, 'utf-8');
const gbkDbf = dbf(RECORDS, 'gbk');
const parts = (stem: string, over: Partial<Record<'shp' | 'shx' | 'dbf' | 'prj' | 'cpg', Uint8Array | string | null>> = {}) => {
  const base: Record<string, Uint8Array | string | null> = { shp: shapes.shp, shx: shapes.shx, dbf: utf8Dbf, prj: PRJ_CGCS2000, cpg: 'UTF-8', ...over };
  const entries: Record<string, Uint8Array> = {};
  for (const [ext, v] of Object.entries(base)) if (v !== null) entries[`${stem}.${ext}`] = typeof v === 'string' ? utf8(v) : v;
  return entries;
};
const zip = (entries: Record<string, Uint8Array>) => zipSync(entries, { mtime: DATE });
const goodZip = zip(parts('宗地'));

out('zip-truncated.zip', goodZip.subarray(0, Math.floor(goodZip.length * 0.6)));
// The .dbf's deflate data damaged: find it after its local header and flip two bytes.
const corrupt = goodZip.slice();
{
  const name = utf8('宗地.dbf');
  for (let i = 0; i < corrupt.length - 30; i++) {
    if (corrupt[i] === 0x50 && corrupt[i + 1] === 0x4b && corrupt[i + 2] === 3 && corrupt[i + 3] === 4) {
      const nameLen = corrupt[i + 26] | (corrupt[i + 27] << 8);
      const extraLen = corrupt[i + 28] | (corrupt[i + 29] << 8);
      if (nameLen === name.length && name.every((b, k) => corrupt[i + 30 + k] === b)) {
        const data = i + 30 + nameLen + extraLen;
        corrupt[data + 10] ^= 0xff;
        corrupt[data + 11] ^= 0x55;
        break;
      }
    }
  }
}
out('zip-corrupt-data.zip', corrupt);
out('zip-empty-archive.zip', zip({}));
out('zip-without-shapefile.zip', zip({ '说明.txt': utf8('宗地数据见附件'), 'data.csv': utf8('id,name\n1,a\n') }));
out('zip-shp-without-dbf.zip', zip(parts('宗地', { dbf: null, cpg: null })));
out('zip-dbf-without-shp.zip', zip(parts('宗地', { shp: null, shx: null })));
out('zip-two-shapefiles.zip', zip({ ...parts('宗地'), ...parts('道路') }));
out('zip-prj-xian80.zip', zip(parts('宗地', { prj: PRJ_XIAN80 })));
out('zip-prj-utm.zip', zip(parts('宗地', { prj: PRJ_UTM })));
out('zip-shp-truncated.zip', zip(parts('宗地', { shp: shapes.shp.subarray(0, shapes.shp.length - 60) })));
{
  const bad = shapes.shp.slice();
  bad.fill(0x41, 0, 8); // file code overwritten with "AAAAAAAA"
  out('zip-shp-bad-header.zip', zip(parts('宗地', { shp: bad })));
}
out('zip-dbf-truncated.zip', zip(parts('宗地', { dbf: utf8Dbf.subarray(0, 90) })));
{
  const bad = utf8Dbf.slice();
  new DataView(bad.buffer).setUint16(8, 9000, true); // header length past the end of the file
  out('zip-dbf-bad-header.zip', zip(parts('宗地', { dbf: bad })));
}
out('zip-dbf-more-rows.zip', zip(parts('宗地', { dbf: dbf([...RECORDS, { 宗地编号: 'RN-004', 企业名称: '多余记录', 用地性质: '工业用地', 投资额: 1 }], 'utf-8') })));
out('zip-cpg-wrong.zip', zip(parts('宗地', { dbf: gbkDbf, cpg: 'UTF-8' })));
out('zip-not-a-zip.zip', utf8('这不是压缩包，是一段文字。\n'));
{
  // Gauss-Kruger metres without a .prj and without the zone number in front of the eastings.
  const gkShapes = writeShp([{ type: 'Polygon', coordinates: [[[520000, 3650000], [520000, 3650200], [520150, 3650200], [520150, 3650000], [520000, 3650000]]] }], 5);
  out('zip-projected-no-prj.zip', zip(parts('宗地', { shp: gkShapes.shp, shx: gkShapes.shx, dbf: dbf([RECORDS[0]], 'utf-8'), prj: null })));
}

/** A ZIP written by hand (test/support/rawZip.ts), for what fflate will not write: lying sizes, the encryption flag. */
const rawZip = (entries: Array<{ name: string; data?: Uint8Array; compressed?: Uint8Array; declaredSize?: number; flags?: number }>) =>
  rawZipBytes(entries.map((e) => ({ ...e, name: utf8(e.name), deflate: true, crc: e.data ? undefined : 0, flags: (e.flags ?? 0) | 0x800 })), 0x58de);
const zeros = deflatedZeros(64 * 1024 * 1024);
const small = (ext: 'shx' | 'prj' | 'cpg') => ({ name: `宗地.${ext}`, data: ext === 'shx' ? shapes.shx : utf8(ext === 'prj' ? PRJ_CGCS2000 : 'UTF-8') });
// 64 MiB of zeros as the .dbf in ~64 KB: declared honestly (refused before inflating), and declared as 1 000 bytes.
out('zip-bomb.zip', rawZip([{ name: '宗地.shp', data: shapes.shp }, small('shx'), { name: '宗地.dbf', compressed: zeros, declaredSize: 64 * 1024 * 1024 }]));
out('zip-bomb-lying.zip', rawZip([{ name: '宗地.shp', data: shapes.shp }, small('shx'), { name: '宗地.dbf', compressed: zeros, declaredSize: 1000 }]));
out('zip-encrypted.zip', rawZip([{ name: '宗地.shp', data: shapes.shp, flags: 1 }, { name: '宗地.dbf', data: utf8Dbf, flags: 1 }, small('prj')]));

// Loose parts, one folder per case (convert reads the .shp and finds its siblings by name).
out('loose-shp-alone/宗地.shp', shapes.shp);
out('loose-shp-truncated/宗地.shp', shapes.shp.subarray(0, 150));
out('loose-shp-truncated/宗地.dbf', utf8Dbf);
out('loose-shp-truncated/宗地.cpg', 'UTF-8');

// ---------------------------------------------------------------- KML / KMZ (CLI: convert)

const placemark = (id: string, coords: string) => `  <Placemark id="${id}"><name>${id}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${coords}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`;
const kml = (body: string, head = '<?xml version="1.0" encoding="UTF-8"?>') => `${head}\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n<name>宗地</name>\n${body}\n</Document>\n</kml>\n`;
const RING = '114.300,33.000,0 114.304,33.000,0 114.304,33.003,0 114.300,33.003,0 114.300,33.000,0';
out('kml-empty.kml', '');
out('kml-unclosed-tag.kml', kml(`${placemark('RN-001', RING)}\n  <Placemark id="RN-002"><name>RN-002</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${RING}</LinearRing></outerBoundaryIs></Polygon></Placemark>`));
out('kml-no-placemarks.kml', kml('  <Folder><name>空</name></Folder>'));
out('kml-bad-coordinates.kml', kml(`${placemark('RN-001', RING)}\n${placemark('RN-002', '114.31,33.00 东经114度,北纬33度 114.31,33.002')}`));
out('kml-projected-coordinates.kml', kml(placemark('RN-001', '38520000,3650000 38520150,3650000 38520150,3650200 38520000,3650200 38520000,3650000')));
out('kml-external-entity.kml', kml(placemark('RN-001', RING).replace('<name>RN-001</name>', '<name>&xxe;</name>'), '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'));
out('kml-billion-laughs.kml', kml(placemark('RN-001', RING).replace('<name>RN-001</name>', '<name>&lol9;</name>'), `<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>`));
const kmz = zip({ 'doc.kml': utf8(kml(placemark('RN-001', RING))) });
out('kmz-truncated.kmz', kmz.subarray(0, Math.floor(kmz.length / 2)));
out('kmz-without-kml.kmz', zip({ 'files/photo.txt': utf8('照片') }));

console.log(`${written.length} files in ${FILES}`);
