// The .shp main file (ESRI Shapefile Technical Description, 1998): a 100-byte header, then records of
// (number, length) big-endian + content little-endian. Read record by record with bounds checks so a damaged
// record is named and skipped, and a truncated file keeps every complete record.
import type { Geometry, Position } from 'geojson';
import { problem, type Problem } from '../schema/problems';
import { assembleShapefileRings } from './shpRings';

export type ShapeFamily = 'null' | 'point' | 'polyline' | 'polygon' | 'multipoint' | 'multipatch';

export const SHAPE_TYPES: Record<number, { family: ShapeFamily; name: string }> = {
  0: { family: 'null', name: 'Null' },
  1: { family: 'point', name: 'Point' },
  3: { family: 'polyline', name: 'PolyLine' },
  5: { family: 'polygon', name: 'Polygon' },
  8: { family: 'multipoint', name: 'MultiPoint' },
  11: { family: 'point', name: 'PointZ' },
  13: { family: 'polyline', name: 'PolyLineZ' },
  15: { family: 'polygon', name: 'PolygonZ' },
  18: { family: 'multipoint', name: 'MultiPointZ' },
  21: { family: 'point', name: 'PointM' },
  23: { family: 'polyline', name: 'PolyLineM' },
  25: { family: 'polygon', name: 'PolygonM' },
  28: { family: 'multipoint', name: 'MultiPointM' },
  31: { family: 'multipatch', name: 'MultiPatch' },
};

export interface ShpHeader {
  shapeType: number;
  /** Declared file length in bytes. */
  fileLength: number;
  bbox: [number, number, number, number];
}

export interface ShpRecords {
  header: ShpHeader;
  /** One geometry per record in file order (null shapes and unreadable records are null). Z and M are dropped. */
  geometries: Array<Geometry | null>;
  problems: Problem[];
}

export type ShpResult = { ok: true; value: ShpRecords } | { ok: false; problems: Problem[] };

class RecordError extends Error {}

function readGeometry(view: DataView, start: number, end: number, type: number): { geometry: Geometry | null; orphanHoles: number; windingReversed: boolean } {
  const need = (n: number) => {
    if (start + n > end) throw new RecordError(`content ends after ${end - start} bytes, ${n} needed`);
  };
  const family = SHAPE_TYPES[type]?.family;
  const xy = (o: number): Position => [view.getFloat64(o, true), view.getFloat64(o + 8, true)];
  const plain = { orphanHoles: 0, windingReversed: false };
  if (family === 'null') return { geometry: null, ...plain };
  if (family === 'point') {
    need(4 + 16);
    return { geometry: { type: 'Point', coordinates: xy(start + 4) }, ...plain };
  }
  if (family === 'multipoint') {
    need(40);
    const n = view.getInt32(start + 36, true);
    if (n < 0) throw new RecordError(`negative point count ${n}`);
    need(40 + 16 * n);
    if (n === 0) return { geometry: null, ...plain };
    const points: Position[] = [];
    for (let i = 0; i < n; i++) points.push(xy(start + 40 + 16 * i));
    return { geometry: { type: 'MultiPoint', coordinates: points }, ...plain };
  }
  if (family === 'polyline' || family === 'polygon') {
    need(44);
    const numParts = view.getInt32(start + 36, true);
    const numPoints = view.getInt32(start + 40, true);
    if (numParts < 0 || numPoints < 0) throw new RecordError(`negative part or point count (${numParts}, ${numPoints})`);
    need(44 + 4 * numParts + 16 * numPoints);
    if (numParts === 0 || numPoints === 0) return { geometry: null, ...plain };
    const pointsAt = start + 44 + 4 * numParts;
    const parts: Position[][] = [];
    for (let i = 0; i < numParts; i++) {
      const from = view.getInt32(start + 44 + 4 * i, true);
      const to = i + 1 < numParts ? view.getInt32(start + 44 + 4 * (i + 1), true) : numPoints;
      if (from < 0 || to > numPoints || to < from) throw new RecordError(`part ${i + 1} has impossible point indices ${from}…${to} of ${numPoints}`);
      const ring: Position[] = [];
      for (let k = from; k < to; k++) ring.push(xy(pointsAt + 16 * k));
      if (ring.length > 0) parts.push(ring);
    }
    for (const part of parts) for (const p of part) if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new RecordError('a coordinate is not a finite number');
    if (family === 'polyline') {
      return { geometry: parts.length === 1 ? { type: 'LineString', coordinates: parts[0] } : { type: 'MultiLineString', coordinates: parts }, ...plain };
    }
    return assembleShapefileRings(parts);
  }
  throw new RecordError(`shape type ${type} (${SHAPE_TYPES[type]?.name ?? 'unknown'}) cannot be read`);
}

/**
 * Reads every record. With a .shx the record offsets come from the index (as GDAL does), so one damaged
 * record length does not lose the records after it.
 */
export function readShp(bytes: Uint8Array, file: string, shx?: Uint8Array | null, shxFile?: string): ShpResult {
  const fail = (code: string, en: string, zh: string): ShpResult => ({ ok: false, problems: [problem('error', code, { file }, en, zh)] });
  if (bytes.length < 100) return fail('shp-truncated', `is too short to be a Shapefile (${bytes.length} bytes; the header alone is 100)`, `太短，不是有效的 Shapefile（${bytes.length} 字节，仅文件头就需 100 字节）`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(0, false) !== 9994) return fail('shp-not-shapefile', 'is not a Shapefile .shp (its file code is not 9994)', '不是 Shapefile 的 .shp 文件（文件代码不是 9994）');
  const fileLength = view.getInt32(24, false) * 2;
  const shapeType = view.getInt32(32, true);
  if (!SHAPE_TYPES[shapeType]) return fail('shp-type', `has unknown shape type ${shapeType}`, `图形类型 ${shapeType} 未知`);
  const header: ShpHeader = {
    shapeType, fileLength,
    bbox: [view.getFloat64(36, true), view.getFloat64(44, true), view.getFloat64(52, true), view.getFloat64(60, true)],
  };
  const problems: Problem[] = [];

  // Record positions: from the .shx when it is usable, else by walking the file.
  let index: Array<{ offset: number; length: number }> | null = null;
  if (shx && shx.length >= 100) {
    const sv = new DataView(shx.buffer, shx.byteOffset, shx.byteLength);
    if (sv.getInt32(0, false) === 9994) {
      const n = Math.floor((shx.length - 100) / 8);
      index = [];
      for (let i = 0; i < n; i++) index.push({ offset: sv.getInt32(100 + 8 * i, false) * 2, length: sv.getInt32(104 + 8 * i, false) * 2 });
    } else {
      problems.push(problem('warning', 'shx-invalid', { file: shxFile ?? file }, 'is not a Shapefile index; records are located by reading the .shp', '不是有效的 Shapefile 索引，改为顺序读取 .shp'));
    }
  }

  const geometries: Array<Geometry | null> = [];
  const cut: number[] = []; // records cut off by the end of the file
  let orphanRecords = 0, reversedRecords = 0;
  const readAt = (offset: number, i: number, indexedLength: number | null): number | null => {
    const where = { file, featureIndex: i };
    if (offset + 8 > bytes.length) {
      cut.push(i);
      geometries.push(null);
      return null;
    }
    const contentLength = view.getInt32(offset + 4, false) * 2;
    const length = indexedLength ?? contentLength;
    if (length >= 4 && offset + 8 + length > bytes.length) {
      cut.push(i);
      geometries.push(null);
      return null;
    }
    if (length < 4) {
      problems.push(problem('error', 'shp-record-corrupt', where, `record ${i + 1} has an impossible length (${length} bytes)`, `第 ${i + 1} 条记录长度不合理（${length} 字节）`));
      geometries.push(null);
      return null;
    }
    const start = offset + 8;
    const type = view.getInt32(start, true);
    if (type !== 0 && type !== shapeType) {
      problems.push(problem('warning', 'shp-record-type', where, `record ${i + 1} has shape type ${type} in a ${SHAPE_TYPES[shapeType].name} file`, `第 ${i + 1} 条记录的图形类型为 ${type}，而文件类型为 ${SHAPE_TYPES[shapeType].name}`));
    }
    try {
      const g = readGeometry(view, start, start + length, type);
      if (g.orphanHoles > 0) orphanRecords++;
      if (g.windingReversed) reversedRecords++;
      geometries.push(g.geometry);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      problems.push(problem('error', 'shp-record-corrupt', where, `record ${i + 1} is damaged (${why}); it has no geometry`, `第 ${i + 1} 条记录已损坏（${why}），无几何图形`));
      geometries.push(null);
    }
    return start + length;
  };

  const end = Math.min(bytes.length, Math.max(fileLength, 100));
  if (index) {
    for (let i = 0; i < index.length; i++) readAt(index[i].offset, i, index[i].length);
  } else {
    let offset = 100;
    for (let i = 0; offset + 8 <= end; i++) {
      const next = readAt(offset, i, null);
      if (next === null) break; // the walk cannot find the next record
      offset = next;
    }
    if (offset < end && offset + 8 > end && end === bytes.length) cut.push(geometries.length);
  }
  if (cut.length > 0) {
    const first = cut[0] + 1;
    const range = cut.length > 1 ? `records ${first}–${cut[cut.length - 1] + 1} are` : `record ${first} is`;
    const rangeZh = cut.length > 1 ? `第 ${first}–${cut[cut.length - 1] + 1} 条记录` : `第 ${first} 条记录`;
    problems.push(problem('error', 'shp-truncated', { file, featureIndex: cut[0] }, `is truncated: ${range} cut off by the end of the file and ${cut.length > 1 ? 'have' : 'has'} no geometry`, `文件不完整：${rangeZh}被文件末尾截断，没有几何图形`));
  } else if (fileLength > bytes.length) {
    // Cut exactly between records: only the header knows that some are missing.
    problems.push(problem('error', 'shp-truncated', { file, featureIndex: geometries.length }, `is truncated: the header announces ${fileLength} bytes but the file has ${bytes.length}; the records after record ${geometries.length} are missing`, `文件不完整：文件头声明 ${fileLength} 字节，实际只有 ${bytes.length} 字节；第 ${geometries.length} 条之后的记录缺失`));
  }
  if (orphanRecords > 0) {
    problems.push(problem('warning', 'shp-winding', { file }, `${orphanRecords} record(s) have counter-clockwise rings outside every outer ring; read as separate polygons`, `有 ${orphanRecords} 条记录含有不在任何外环内的逆时针环，已按独立多边形读取`));
  }
  if (reversedRecords > 0) {
    problems.push(problem('warning', 'shp-winding', { file }, `${reversedRecords} record(s) wind their rings opposite to the Shapefile spec; outer rings and holes were told apart by nesting`, `有 ${reversedRecords} 条记录的环方向与 Shapefile 规范相反，已按嵌套关系区分外环与内环（洞）`));
  }
  return { ok: true, value: { header, geometries, problems } };
}
