// GeoJSON driver: text → validated layer. Returns a result or the problems; never throws at the user (STYLE: Placemark).
import { problem, type Problem } from '../schema/problems';
import { decodeText } from './encoding';
import { explainJsonError, findExcessiveNesting, findJsonError, MAX_JSON_DEPTH } from './jsonError';
import { isZip } from './zipRead';
import { validateLayer, type LayerResult } from '../schema/validate';
import type { Feature, FeatureCollection } from 'geojson';
import type { LayerKind } from '../schema/types';

/** Line and column of a character offset, for messages about broken JSON. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** The error for text that is not JSON, at a 1-based line and column (shared with the streaming reader). */
export const jsonSyntaxProblem = (file: string, line: number, column: number, reason: string): Problem =>
  problem('error', 'json-syntax', { file }, `is not valid JSON at line ${line}, column ${column}: ${reason}`, `不是有效的 JSON（第 ${line} 行第 ${column} 列）: ${reason}`);

/** The error for nesting deeper than MAX_JSON_DEPTH, at a 1-based line and column. */
export const jsonTooDeepProblem = (file: string, line: number, column: number): Problem =>
  problem('error', 'json-too-deep', { file }, `nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep (line ${line}, column ${column}); a GeoJSON layer needs about 8: the file is damaged or not a layer`, `数组或对象嵌套超过 ${MAX_JSON_DEPTH} 层（第 ${line} 行第 ${column} 列）；GeoJSON 图层约需 8 层：文件已损坏或不是图层`);

export function parseJsonText(text: string, file: string): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a UTF-8 BOM is common from Windows tools
  if (body.trim() === '') return { ok: false, problems: [problem('error', 'empty-file', { file }, 'is empty', '文件为空')] };
  // Absurd nesting parses, but then overflows the stack of whatever walks it (stringify, geometry readers).
  const deep = findExcessiveNesting(body);
  if (deep) {
    const where = lineColumn(body, deep.offset);
    return { ok: false, problems: [jsonTooDeepProblem(file, where.line, where.column)] };
  }
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    // JSON.parse says little about where (its messages differ by engine): find the place ourselves.
    const found = findJsonError(body);
    const where = lineColumn(body, found?.offset ?? 0);
    const hint = found ? explainJsonError(body, found.offset) : null;
    const reason = (found?.reason ?? (e instanceof Error ? e.message : String(e)).slice(0, 120)) + (hint ? ` — ${hint}` : '');
    return { ok: false, problems: [jsonSyntaxProblem(file, where.line, where.column, reason)] };
  }
}

export type DecodedJson = { ok: true; text: string; problems: Problem[] } | { ok: false; problems: Problem[] };

/**
 * Bytes of a file meant to be JSON → text. RFC 8259 JSON is UTF-8; a GBK or UTF-16 file from a Windows tool is
 * decoded as what it is, with a warning, rather than garbled. A ZIP or binary file is named as such, not reported
 * as a JSON syntax error at its first byte.
 */
export function decodeJsonBytes(bytes: Uint8Array, file: string): DecodedJson {
  if (isZip(bytes)) {
    return { ok: false, problems: [problem('error', 'not-json-zip', { file }, 'is a ZIP archive, not GeoJSON text; if it holds a Shapefile or KML, convert it first (park-atlas convert FILE -o layer.geojson)', '是 ZIP 压缩包，不是 GeoJSON 文本；若其中是 Shapefile 或 KML，请先转换（park-atlas convert 文件 -o 图层.geojson）')] };
  }
  const d = decodeText(bytes);
  if (d.reason !== 'bom' && d.text.slice(0, 1024).includes('\0')) {
    return { ok: false, problems: [problem('error', 'not-json-binary', { file }, 'is a binary file, not GeoJSON text', '是二进制文件，不是 GeoJSON 文本')] };
  }
  const problems: Problem[] = [];
  if (d.encoding !== 'utf-8') {
    const name = d.encoding.toUpperCase();
    problems.push(problem('warning', 'encoding-not-utf8', { file }, `is encoded in ${name}, not UTF-8 as GeoJSON requires: read as ${name}; check the names`, `编码为 ${name}，而 GeoJSON 应为 UTF-8：已按 ${name} 读取，请核对名称`));
  }
  if (d.replacements > 0) {
    problems.push(problem('warning', 'encoding-replacements', { file }, `${d.replacements} byte sequence(s) could not be decoded as ${d.encoding.toUpperCase()}; names may be garbled`, `有 ${d.replacements} 处字节无法按 ${d.encoding.toUpperCase()} 解码，名称可能出现乱码`));
  }
  return { ok: true, text: d.text, problems };
}

export function parseGeoJsonText(text: string, file: string, expectedKind?: LayerKind): LayerResult {
  const parsed = parseJsonText(text, file);
  if (!parsed.ok) return parsed;
  return validateLayer(parsed.value, file, expectedKind);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A layer shown plain when its kind cannot be told: a FeatureCollection with only its usable features (a lone
 * Feature is wrapped); the top-level `kind` member is kept. Null when the JSON is neither.
 */
export function plainFeatureCollection(json: unknown): (FeatureCollection & { kind?: unknown }) | null {
  if (!isObject(json)) return null;
  if (json.type === 'FeatureCollection' && Array.isArray(json.features)) {
    const features = (json.features as unknown[]).filter(
      (f): f is Feature => isObject(f) && f.type === 'Feature' && (f.geometry === null || isObject(f.geometry)),
    );
    return { ...(json as unknown as FeatureCollection), features, kind: json.kind };
  }
  if (json.type === 'Feature') return { type: 'FeatureCollection', features: [json as unknown as Feature], kind: undefined };
  return null;
}
