// Writing the .shp and .shx of a Shapefile (ESRI Shapefile Technical Description, 1998). One shape type per
// file; polygons wound outer clockwise, holes counter-clockwise; Z dropped (layers are 2-D).
import type { Geometry, Position } from 'geojson';
import { shapefileWinding } from './shpRings';

export type WritableShapeType = 1 | 3 | 5 | 8;

/** The Shapefile type for a GeoJSON geometry type, or null when it has none. */
export function shapeTypeOf(geometry: Geometry | null | undefined): WritableShapeType | 0 | null {
  if (!geometry) return 0;
  switch (geometry.type) {
    case 'Point': return 1;
    case 'LineString':
    case 'MultiLineString': return 3;
    case 'Polygon':
    case 'MultiPolygon': return 5;
    case 'MultiPoint': return 8;
    default: return null;
  }
}

const closed = (ring: Position[]): Position[] => {
  if (ring.length === 0) return ring;
  const a = ring[0], b = ring[ring.length - 1];
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
};

/** Parts (rings or lines) of a geometry in Shapefile order and winding. */
function partsOf(geometry: Geometry): Position[][] {
  switch (geometry.type) {
    case 'Point': return [[geometry.coordinates]];
    case 'MultiPoint': return [geometry.coordinates];
    case 'LineString': return [geometry.coordinates];
    case 'MultiLineString': return geometry.coordinates;
    case 'Polygon': return shapefileWinding(geometry.coordinates.map(closed));
    case 'MultiPolygon': return geometry.coordinates.flatMap((p) => shapefileWinding(p.map(closed)));
    default: return [];
  }
}

interface Encoded { content: Uint8Array; bbox: [number, number, number, number] | null }

function encodeShape(geometry: Geometry | null, shapeType: WritableShapeType): Encoded {
  if (!geometry) {
    const content = new Uint8Array(4); // shape type 0
    return { content, bbox: null };
  }
  const parts = partsOf(geometry);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  let n = 0;
  for (const part of parts) for (const p of part) {
    n++;
    if (p[0] < minX) minX = p[0];
    if (p[0] > maxX) maxX = p[0];
    if (p[1] < minY) minY = p[1];
    if (p[1] > maxY) maxY = p[1];
  }
  if (n === 0) return { content: new Uint8Array(4), bbox: null };
  const bbox: [number, number, number, number] = [minX, minY, maxX, maxY];
  if (shapeType === 1) {
    const content = new Uint8Array(20);
    const v = new DataView(content.buffer);
    v.setInt32(0, 1, true);
    v.setFloat64(4, parts[0][0][0], true);
    v.setFloat64(12, parts[0][0][1], true);
    return { content, bbox };
  }
  if (shapeType === 8) {
    const points = parts[0];
    const content = new Uint8Array(40 + 16 * points.length);
    const v = new DataView(content.buffer);
    v.setInt32(0, 8, true);
    bbox.forEach((b, i) => v.setFloat64(4 + 8 * i, b, true));
    v.setInt32(36, points.length, true);
    points.forEach((p, i) => { v.setFloat64(40 + 16 * i, p[0], true); v.setFloat64(48 + 16 * i, p[1], true); });
    return { content, bbox };
  }
  const content = new Uint8Array(44 + 4 * parts.length + 16 * n);
  const v = new DataView(content.buffer);
  v.setInt32(0, shapeType, true);
  bbox.forEach((b, i) => v.setFloat64(4 + 8 * i, b, true));
  v.setInt32(36, parts.length, true);
  v.setInt32(40, n, true);
  let at = 0;
  parts.forEach((part, i) => { v.setInt32(44 + 4 * i, at, true); at += part.length; });
  let o = 44 + 4 * parts.length;
  for (const part of parts) for (const p of part) { v.setFloat64(o, p[0], true); v.setFloat64(o + 8, p[1], true); o += 16; }
  return { content, bbox };
}

function writeHeader(view: DataView, shapeType: number, lengthBytes: number, bbox: [number, number, number, number]): void {
  view.setInt32(0, 9994, false);
  view.setInt32(24, lengthBytes / 2, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, shapeType, true);
  bbox.forEach((b, i) => view.setFloat64(36 + 8 * i, b, true));
}

/** Writes .shp and .shx for geometries that all share `shapeType` (nulls allowed). */
export function writeShp(geometries: ReadonlyArray<Geometry | null>, shapeType: WritableShapeType): { shp: Uint8Array; shx: Uint8Array } {
  const encoded = geometries.map((g) => encodeShape(g, shapeType));
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const e of encoded) if (e.bbox) {
    minX = Math.min(minX, e.bbox[0]); minY = Math.min(minY, e.bbox[1]);
    maxX = Math.max(maxX, e.bbox[2]); maxY = Math.max(maxY, e.bbox[3]);
  }
  const bbox: [number, number, number, number] = Number.isFinite(minX) ? [minX, minY, maxX, maxY] : [0, 0, 0, 0];
  const shpLength = 100 + encoded.reduce((s, e) => s + 8 + e.content.length, 0);
  const shxLength = 100 + 8 * encoded.length;
  const shp = new Uint8Array(shpLength);
  const shx = new Uint8Array(shxLength);
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);
  writeHeader(sv, shapeType, shpLength, bbox);
  writeHeader(xv, shapeType, shxLength, bbox);
  let o = 100;
  encoded.forEach((e, i) => {
    xv.setInt32(100 + 8 * i, o / 2, false);
    xv.setInt32(104 + 8 * i, e.content.length / 2, false);
    sv.setInt32(o, i + 1, false);
    sv.setInt32(o + 4, e.content.length / 2, false);
    shp.set(e.content, o + 8);
    o += 8 + e.content.length;
  });
  return { shp, shx };
}
