// KML and KMZ driver: bytes → GeoJSON features through @tmcw/togeojson (DESIGN §8). Polygons with holes,
// MultiGeometry → MultiPolygon, ExtendedData (Data and typed SimpleData) → properties, <name> → name.
//
// togeojson needs an XML DOM. Browsers have DOMParser, but Web Workers and Node do not, and no XML DOM
// package is installed (@xmldom/xmldom is absent), so a small DOM of our own is built below: it implements
// exactly the members togeojson reads and reports the line of any XML error.
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import { classifyCoordinates } from '../schema/geometry';
import { problem, type Problem } from '../schema/problems';
import { decodeText, type TextEncodingName } from './encoding';
import { rfc7946Winding } from './shpRings';
import { DEFAULT_ZIP_LIMITS, readZip, type ZipLimits } from './zipRead';

// ---------------------------------------------------------------- a minimal XML DOM

type XmlNode = XmlElement | XmlText | XmlDocument;

interface NodeList<T> extends Array<T> {
  item(i: number): T | null;
}

function nodeList<T>(items: T[] = []): NodeList<T> {
  const list = items as NodeList<T>;
  list.item = (i: number) => list[i] ?? null;
  return list;
}

function collectText(n: XmlNode): string {
  if (n.nodeType === 3 || n.nodeType === 4) return n.data;
  let s = '';
  for (const c of n.childNodes) s += collectText(c);
  return s;
}

function collectByName(n: XmlElement | XmlDocument, test: (e: XmlElement) => boolean, out: XmlElement[]): XmlElement[] {
  for (const c of n.childNodes) {
    if (c.nodeType !== 1) continue;
    if (test(c)) out.push(c);
    collectByName(c, test, out);
  }
  return out;
}

class XmlText {
  readonly childNodes = nodeList<XmlNode>();
  parentNode: XmlElement | null = null;
  constructor(readonly nodeType: 3 | 4, public data: string) {}
  get nodeValue(): string { return this.data; }
  get textContent(): string { return this.data; }
  get nodeName(): string { return this.nodeType === 3 ? '#text' : '#cdata-section'; }
  normalize(): void {}
}

class XmlElement {
  readonly nodeType = 1 as const;
  readonly childNodes = nodeList<XmlNode>();
  readonly attributes = nodeList<{ name: string; value: string; nodeName: string; nodeValue: string }>();
  parentNode: XmlElement | XmlDocument | null = null;
  constructor(readonly tagName: string) {}
  get nodeName(): string { return this.tagName; }
  get localName(): string { return this.tagName.slice(this.tagName.indexOf(':') + 1); }
  get children(): NodeList<XmlElement> { return nodeList(this.childNodes.filter((c): c is XmlElement => c.nodeType === 1)); }
  get textContent(): string { return collectText(this); }
  getAttribute(name: string): string | null { return this.attributes.find((a) => a.name === name)?.value ?? null; }
  hasAttribute(name: string): boolean { return this.attributes.some((a) => a.name === name); }
  removeAttribute(name: string): void {
    const i = this.attributes.findIndex((a) => a.name === name);
    if (i >= 0) this.attributes.splice(i, 1);
  }
  getElementsByTagName(name: string): NodeList<XmlElement> {
    return nodeList(collectByName(this, name === '*' ? () => true : (e) => e.tagName === name, []));
  }
  // Namespaces are not tracked: match the local name (togeojson only asks with "*" or the gx/extension URIs).
  getElementsByTagNameNS(_ns: string, name: string): NodeList<XmlElement> {
    return nodeList(collectByName(this, name === '*' ? () => true : (e) => e.localName === name, []));
  }
  normalize(): void {
    // Merge adjacent text nodes, as the DOM does.
    for (let i = this.childNodes.length - 1; i > 0; i--) {
      const a = this.childNodes[i - 1], b = this.childNodes[i];
      if (a.nodeType === 3 && b.nodeType === 3) {
        a.data += b.data;
        this.childNodes.splice(i, 1);
      }
    }
  }
}

class XmlDocument {
  readonly nodeType = 9 as const;
  readonly childNodes = nodeList<XmlNode>();
  readonly parentNode = null;
  get nodeName(): string { return '#document'; }
  get documentElement(): XmlElement | null { return (this.childNodes.find((c) => c.nodeType === 1) as XmlElement | undefined) ?? null; }
  get textContent(): null { return null; }
  getElementsByTagName(name: string): NodeList<XmlElement> {
    return nodeList(collectByName(this, name === '*' ? () => true : (e) => e.tagName === name, []));
  }
  getElementsByTagNameNS(_ns: string, name: string): NodeList<XmlElement> {
    return nodeList(collectByName(this, name === '*' ? () => true : (e) => e.localName === name, []));
  }
  normalize(): void {}
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e] ?? m; // an HTML entity such as &nbsp; is kept as written
  });
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line: number) { super(message); }
}

const NAME = /^[^\s/>=]+/;
const ATTR = /\s*([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/y;

/** Parses well-formed XML into the minimal DOM; throws XmlSyntaxError with a line number. */
export function parseXml(text: string): XmlDocument {
  const doc = new XmlDocument();
  const stack: Array<XmlElement | XmlDocument> = [doc];
  const lineAt = (pos: number) => { let n = 1; for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 10) n++; return n; };
  const fail = (msg: string, pos: number): never => { throw new XmlSyntaxError(msg, lineAt(pos)); };
  const append = (node: XmlNode) => {
    const parent = stack[stack.length - 1];
    (node as XmlElement).parentNode = parent as XmlElement;
    parent.childNodes.push(node);
  };
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? text.length : lt;
    if (textEnd > i) {
      const raw = text.slice(i, textEnd);
      if (stack.length > 1) append(new XmlText(3, decodeEntities(raw)));
      else if (raw.trim() !== '') fail('text outside the root element', i);
    }
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) fail('comment never closed', lt);
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) fail('CDATA section never closed', lt);
      append(new XmlText(4, text.slice(lt + 9, end)));
      i = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) fail('processing instruction never closed', lt);
      i = end + 2;
    } else if (text.startsWith('<!', lt)) {
      // DOCTYPE, possibly with an internal subset in brackets.
      let depth = 0, j = lt + 2;
      for (; j < text.length; j++) {
        const c = text[j];
        if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) break;
      }
      i = j + 1;
    } else if (text[lt + 1] === '/') {
      const end = text.indexOf('>', lt);
      if (end < 0) fail('end tag never closed', lt);
      const name = text.slice(lt + 2, end).trim();
      const top = stack[stack.length - 1];
      if (top.nodeType !== 1) fail(`</${name}> has no matching start tag`, lt);
      if ((top as XmlElement).tagName !== name) fail(`</${name}> closes <${(top as XmlElement).tagName}>`, lt);
      stack.pop();
      i = end + 1;
    } else {
      const m = NAME.exec(text.slice(lt + 1, lt + 200));
      if (!m) fail('"<" that does not start a tag (write &lt; in text)', lt);
      const el = new XmlElement(m![0]);
      let j = lt + 1 + m![0].length;
      for (;;) {
        ATTR.lastIndex = j;
        const a = ATTR.exec(text);
        if (!a) break;
        const value = decodeEntities(a[3] ?? a[4] ?? '');
        el.attributes.push({ name: a[1], value, nodeName: a[1], nodeValue: value });
        j = ATTR.lastIndex;
      }
      while (j < text.length && /\s/.test(text[j])) j++;
      const selfClosing = text.startsWith('/>', j);
      if (!selfClosing && text[j] !== '>') fail(`tag <${el.tagName}> is malformed`, lt);
      if (stack.length === 1 && doc.documentElement) fail('a second root element', lt);
      append(el);
      if (!selfClosing) stack.push(el);
      i = j + (selfClosing ? 2 : 1);
    }
  }
  if (stack.length > 1) fail(`the file ends before <${(stack[stack.length - 1] as XmlElement).tagName}> is closed (truncated?)`, text.length);
  if (!doc.documentElement) fail('no root element', 0);
  return doc;
}

// ---------------------------------------------------------------- KML → features

export interface KmlLayer {
  /** The document's <name>, else the file's base name. */
  name: string;
  features: Array<Feature<Geometry | null, Record<string, unknown>>>;
  /** Features with a Polygon or MultiPolygon. */
  areaCount: number;
  /** Features with points or lines only, or no geometry. */
  otherCount: number;
  isAreaLayer: boolean;
  encoding: { encoding: TextEncodingName; reason: string };
  problems: Problem[];
}

export type KmlResult = { ok: true; layer: KmlLayer; problems: Problem[] } | { ok: false; problems: Problem[] };

export interface KmlReadOptions {
  zipLimits?: Partial<ZipLimits>;
}

/** The encoding named by the XML declaration (`<?xml … encoding="GBK"?>`), if any. */
function declaredXmlEncoding(bytes: Uint8Array): string | null {
  let head = '';
  for (let i = 0; i < Math.min(bytes.length, 200); i++) head += String.fromCharCode(bytes[i]);
  return /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1] ?? null;
}

const NUMERIC_TYPES = new Set(['int', 'uint', 'short', 'ushort', 'float', 'double']);

const strip2d = (ring: Position[]): Position[] => ring.map((p) => [p[0], p[1]]);
const polygon2d = (rings: Position[][]) => rfc7946Winding(rings.map(strip2d));

/** Reads KML text or bytes (GBK or UTF-8 per the XML declaration, BOM or content). */
export function readKml(input: Uint8Array | string, file: string): KmlResult {
  let text: string;
  let encoding: KmlLayer['encoding'];
  if (typeof input === 'string') {
    text = input;
    encoding = { encoding: 'utf-8', reason: 'text' };
  } else {
    const decoded = decodeText(input, declaredXmlEncoding(input));
    text = decoded.text;
    encoding = { encoding: decoded.encoding, reason: decoded.reason };
  }
  let doc: XmlDocument;
  try {
    doc = parseXml(text);
  } catch (e) {
    const line = e instanceof XmlSyntaxError ? e.line : 0;
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, problems: [problem('error', 'kml-syntax', { file }, `is not well-formed XML at line ${line}: ${msg}`, `不是格式正确的 XML（第 ${line} 行）：${msg}`)] };
  }
  const root = doc.documentElement!;
  if (root.localName !== 'kml') {
    return { ok: false, problems: [problem('error', 'kml-not-kml', { file }, `is XML but not KML (its root element is <${root.tagName}>)`, `是 XML 但不是 KML（根元素为 <${root.tagName}>）`)] };
  }
  const problems: Problem[] = [];
  // Our parser never expands a DOCTYPE's entities (no file reads, no billion laughs): say so when a file has them.
  if (/<!DOCTYPE[^>]*\[[\s\S]*?<!ENTITY/i.test(text.slice(0, 100_000))) {
    problems.push(problem('warning', 'kml-entities', { file }, 'declares entities in a DOCTYPE; they are not expanded (references such as &name; stay as written)', '在 DOCTYPE 中声明了实体；实体不会展开（&name; 之类的引用按原样保留）'));
  }
  // Coordinates togeojson would drop silently: name the placemark and the text.
  doc.getElementsByTagName('Placemark').forEach((pm, index) => {
    for (const c of pm.getElementsByTagName('coordinates')) {
      const bad = c.textContent.trim().split(/\s+/).find((tuple) => tuple !== '' && tuple.split(',').some((v) => v.trim() === '' || !Number.isFinite(Number(v))));
      if (bad === undefined) continue;
      const id = pm.getAttribute('id') ?? undefined;
      problems.push(problem('warning', 'kml-coordinates-invalid', { file, featureIndex: index, featureId: id }, `<coordinates> holds ${JSON.stringify(bad.slice(0, 40))}, which is not "longitude,latitude[,height]"; that point is left out`, `<coordinates> 中的 ${JSON.stringify(bad.slice(0, 40))} 不是“经度,纬度[,高程]”，该点已略去`));
      break;
    }
  });

  // Typed SimpleData is converted here, not by togeojson, whose converters turn an empty int into 0 and
  // "0" into true (DESIGN §3: missing is null, never 0).
  const fieldTypes = new Map<string, string>();
  for (const f of doc.getElementsByTagName('SimpleField')) {
    const name = f.getAttribute('name');
    const type = f.getAttribute('type');
    if (name && type) fieldTypes.set(name, type.toLowerCase());
    f.removeAttribute('type');
  }

  const collection = kmlToGeoJson(doc as unknown as Document);
  const features: KmlLayer['features'] = [];
  let areaCount = 0, otherCount = 0;
  const dropped: number[] = [];
  const badValues = new Map<string, { count: number; first: number; raw: string }>();
  collection.features.forEach((raw, index) => {
    const properties: Record<string, unknown> = { ...(raw.properties ?? {}) };
    // togeojson wraps a CDATA description as { "@type": "html", value }: keep the text, as a property should be.
    const d = properties.description as { value?: unknown } | undefined;
    if (d && typeof d === 'object' && typeof d.value === 'string') properties.description = d.value;
    for (const [name, type] of fieldTypes) {
      if (!(name in properties)) continue;
      const v = properties[name];
      if (typeof v !== 'string') continue;
      const t = v.trim();
      if (NUMERIC_TYPES.has(type)) {
        if (t === '') properties[name] = null;
        else if (Number.isFinite(Number(t))) properties[name] = Number(t);
        else {
          const seen = badValues.get(name);
          if (seen) seen.count++;
          else badValues.set(name, { count: 1, first: index, raw: t });
        }
      } else if (type === 'bool') {
        const l = t.toLowerCase();
        properties[name] = l === '1' || l === 'true' ? true : l === '0' || l === 'false' ? false : t === '' ? null : v;
      }
    }
    let geometry: Geometry | null = (raw.geometry as Geometry | null) ?? null;
    if (geometry?.type === 'GeometryCollection') {
      const polygons: Position[][][] = [];
      let others = 0;
      for (const g of geometry.geometries) {
        if (g.type === 'Polygon') polygons.push(g.coordinates);
        else if (g.type === 'MultiPolygon') polygons.push(...g.coordinates);
        else others++;
      }
      if (polygons.length > 0) {
        if (others > 0) dropped.push(index);
        geometry = polygons.length === 1
          ? ({ type: 'Polygon', coordinates: polygons[0] } as Polygon)
          : ({ type: 'MultiPolygon', coordinates: polygons } as MultiPolygon);
      }
    }
    if (geometry?.type === 'Polygon') {
      geometry = { type: 'Polygon', coordinates: polygon2d(geometry.coordinates) };
      areaCount++;
    } else if (geometry?.type === 'MultiPolygon') {
      geometry = { type: 'MultiPolygon', coordinates: geometry.coordinates.map(polygon2d) };
      areaCount++;
    } else otherCount++;
    const feature: Feature<Geometry | null, Record<string, unknown>> = { type: 'Feature', geometry, properties };
    if (raw.id !== undefined) feature.id = raw.id;
    features.push(feature);
  });

  for (const [name, bad] of badValues) {
    problems.push(problem('warning', 'kml-value', { file, featureIndex: bad.first, field: name }, `${name} is declared ${fieldTypes.get(name)} but holds ${JSON.stringify(bad.raw)}${bad.count > 1 ? ` (and ${bad.count - 1} more)` : ''}; kept as text`, `${name} 声明为 ${fieldTypes.get(name)}，但值为 ${JSON.stringify(bad.raw)}${bad.count > 1 ? `（共 ${bad.count} 处）` : ''}，按文本保留`));
  }
  if (dropped.length > 0) {
    problems.push(problem('warning', 'kml-parts-dropped', { file, featureIndex: dropped[0] }, `${dropped.length} placemark(s) mix areas with points or lines in a MultiGeometry; only the areas are kept`, `有 ${dropped.length} 个地标在 MultiGeometry 中混合了面与点或线，只保留面`));
  }
  // KML is longitude/latitude (WGS 84) by definition: metres or swapped axes cannot be drawn as they are.
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const f of features) {
    const g = f.geometry;
    const polygons = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    for (const rings of polygons) for (const ring of rings) for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  const space = minX <= maxX ? classifyCoordinates(minX, minY, maxX, maxY) : 'lonlat';
  if (space !== 'lonlat') {
    const range = `x ${minX}…${maxX}, y ${minY}…${maxY}`;
    const what = space === 'projected' ? { en: 'projected metres (e.g. Gauss-Kruger)', zh: '投影米制坐标（如高斯-克吕格）' } : space === 'swapped' ? { en: 'latitude,longitude (swapped)', zh: '纬度,经度（顺序颠倒）' } : { en: 'outside the longitude/latitude range', zh: '超出经纬度范围' };
    problems.push(problem('error', 'kml-not-lonlat', { file }, `coordinates are ${what.en} (${range}), but KML coordinates are always longitude,latitude in degrees; export the KML again in WGS 84`, `坐标为${what.zh}（${range}），而 KML 坐标总是以度为单位的“经度,纬度”；请按 WGS 84 重新导出 KML`));
  }
  if (features.length === 0) {
    problems.push(problem('warning', 'empty', { file }, 'has no placemarks', '没有地标 (Placemark)'));
  } else if (areaCount === 0) {
    problems.push(problem('error', 'not-area-layer', { file }, `has ${otherCount} placemark(s) with points or lines only, no polygons: it is not an area layer`, `有 ${otherCount} 个地标均为点或线，没有面：不是面图层`));
  } else if (otherCount > 0) {
    const first = features.findIndex((f) => f.geometry?.type !== 'Polygon' && f.geometry?.type !== 'MultiPolygon');
    const firstId = features[first]?.id;
    problems.push(problem('warning', 'not-area', { file, featureIndex: first, featureId: firstId === undefined ? undefined : String(firstId) }, `${otherCount} placemark(s) have no polygon (points, lines or nothing); they cannot be used as areas`, `有 ${otherCount} 个地标没有面（点、线或无几何），不能作为面使用`));
  }

  const docName = root.getElementsByTagName('Document')[0];
  const titleNode = docName?.childNodes.find((c): c is XmlElement => c.nodeType === 1 && c.tagName === 'name');
  const name = titleNode?.textContent.trim() || file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const layer: KmlLayer = { name, features, areaCount, otherCount, isAreaLayer: areaCount > 0, encoding, problems };
  return { ok: true, layer, problems };
}

/** Reads a KMZ: the zip's doc.kml, else its first root-level .kml (the file Google Earth opens). */
export function readKmz(bytes: Uint8Array, file: string, options: KmlReadOptions = {}): KmlResult {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...options.zipLimits };
  const zip = readZip(bytes, file, (name) => /\.kml$/i.test(name), limits);
  if (!zip.ok) return zip;
  const names = [...zip.files.keys()];
  if (names.length === 0) {
    return { ok: false, problems: [...zip.problems, problem('error', 'kmz-no-kml', { file }, 'holds no readable .kml file', '不包含可读取的 .kml 文件')] };
  }
  const main = names.find((n) => n.toLowerCase() === 'doc.kml') ?? names.find((n) => !n.includes('/')) ?? names[0];
  const result = readKml(zip.files.get(main)!, `${file}/${main}`);
  const extra = names.filter((n) => n !== main);
  const problems = [...zip.problems];
  if (extra.length > 0) {
    problems.push(problem('warning', 'kmz-extra-kml', { file }, `also holds ${extra.join(', ')}; only ${main} is read (the others are normally linked from it)`, `还包含 ${extra.join('、')}；只读取 ${main}（其他文件通常由它链接）`));
  }
  if (!result.ok) return { ok: false, problems: [...problems, ...result.problems] };
  result.layer.problems.unshift(...problems);
  return { ok: true, layer: result.layer, problems: result.layer.problems };
}
