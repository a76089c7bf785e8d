// Flat geometry for the overlay: every feature's rings in a few typed arrays, in integer units of 1e-8 degree
// (~1 mm), so that the exact tests and the clipper see the same coordinates, the data crosses to workers without
// parsing (transferable, or shared through SharedArrayBuffer), and nothing is allocated per vertex.
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Integer units per degree: 1e-8° is ~1.1 mm of latitude; 7- and 8-decimal survey coordinates stay exact. */
export const UNITS_PER_DEGREE = 1e8;

/**
 * Features → parts (polygons) → rings → vertices. Rings are open (no repeated closing vertex) and have no two
 * equal consecutive vertices; ring 0 of a part is its outer ring, the others its holes. Coordinates are
 * integers: x = round(lon·1e8) − originX, y = round(lat·1e8) − originY.
 */
export interface FlatGeometries {
  /** x, y of every vertex (integer values). */
  xy: Float64Array;
  /** Vertices of ring r: [ringStart[r], ringStart[r+1]). */
  ringStart: Uint32Array;
  /** Rings of part p: [partStart[p], partStart[p+1]); the first is the outer ring. */
  partStart: Uint32Array;
  /** Parts of feature f: [featureStart[f], featureStart[f+1]). */
  featureStart: Uint32Array;
  /** minX, minY, maxX, maxY of each feature (Infinity/−Infinity when it has no usable ring). */
  bbox: Float64Array;
  originX: number;
  originY: number;
}

function allocate<T extends Float64Array | Uint32Array>(Kind: { new (b: ArrayBufferLike): T; BYTES_PER_ELEMENT: number }, length: number, shared: boolean): T {
  const bytes = Math.max(1, length) * Kind.BYTES_PER_ELEMENT;
  return new Kind(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)).subarray(0, length) as T;
}

/** Whether SharedArrayBuffer can be used here (browsers need cross-origin isolation for it). */
export function sharedMemoryAvailable(): boolean {
  return typeof SharedArrayBuffer === 'function' && (typeof globalThis.crossOriginIsolated !== 'boolean' || globalThis.crossOriginIsolated);
}

/** Packs geometries (null = a feature with nothing usable) into flat arrays; `shared` puts them in SharedArrayBuffers. */
export function flattenGeometries(geometries: ReadonlyArray<Polygon | MultiPolygon | null>, shared = false): FlatGeometries {
  let vertexBound = 0;
  let ringBound = 0;
  let partBound = 0;
  let originX = NaN;
  let originY = NaN;
  for (const g of geometries) {
    if (!g) continue;
    const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const rings of parts) {
      partBound++;
      for (const ring of rings) {
        ringBound++;
        vertexBound += ring.length;
        if (Number.isNaN(originX) && ring.length > 0) {
          originX = Math.round(ring[0][0] * UNITS_PER_DEGREE);
          originY = Math.round(ring[0][1] * UNITS_PER_DEGREE);
        }
      }
    }
  }
  if (Number.isNaN(originX)) originX = originY = 0;
  const useShared = shared && sharedMemoryAvailable();
  const xy = allocate(Float64Array, vertexBound * 2, useShared);
  const ringStart = allocate(Uint32Array, ringBound + 1, useShared);
  const partStart = allocate(Uint32Array, partBound + 1, useShared);
  const featureStart = allocate(Uint32Array, geometries.length + 1, useShared);
  const bbox = allocate(Float64Array, geometries.length * 4, useShared);
  let v = 0;
  let r = 0;
  let p = 0;
  for (let f = 0; f < geometries.length; f++) {
    featureStart[f] = p;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    const g = geometries[f];
    const parts: Position[][][] = !g ? [] : g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const rings of parts) {
      const partFirstRing = r;
      for (let k = 0; k < rings.length; k++) {
        const ring = rings[k];
        const first = v;
        let n = ring.length;
        if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n--;
        for (let i = 0; i < n; i++) {
          const x = Math.round(ring[i][0] * UNITS_PER_DEGREE) - originX;
          const y = Math.round(ring[i][1] * UNITS_PER_DEGREE) - originY;
          // Two vertices closer than a unit become one; the ring stays free of repeated vertices.
          if (v > first && xy[2 * v - 2] === x && xy[2 * v - 1] === y) continue;
          xy[2 * v] = x;
          xy[2 * v + 1] = y;
          v++;
        }
        if (v - first > 1 && xy[2 * v - 2] === xy[2 * first] && xy[2 * v - 1] === xy[2 * first + 1]) v--;
        if (v - first < 3) {
          // Nothing of area left: drop the ring; without its outer ring the whole part goes.
          v = first;
          if (k === 0) break;
          continue;
        }
        ringStart[r++] = first;
        if (k === 0) {
          for (let i = first; i < v; i++) {
            const x = xy[2 * i];
            const y = xy[2 * i + 1];
            if (x < minX) minX = x;
            if (x > maxX) maxX = x;
            if (y < minY) minY = y;
            if (y > maxY) maxY = y;
          }
        }
      }
      if (r > partFirstRing) partStart[p++] = partFirstRing;
    }
    bbox[4 * f] = minX;
    bbox[4 * f + 1] = minY;
    bbox[4 * f + 2] = maxX;
    bbox[4 * f + 3] = maxY;
  }
  featureStart[geometries.length] = p;
  partStart[p] = r;
  ringStart[r] = v;
  return {
    xy: xy.subarray(0, 2 * v),
    ringStart: ringStart.subarray(0, r + 1),
    partStart: partStart.subarray(0, p + 1),
    featureStart,
    bbox,
    originX,
    originY,
  };
}

/** Longitude of an integer x. Dividing an integer by 1e8 gives the double nearest the 8-decimal value. */
export function lonOf(flat: Pick<FlatGeometries, 'originX'>, x: number): number {
  return (x + flat.originX) / UNITS_PER_DEGREE;
}

export function latOf(flat: Pick<FlatGeometries, 'originY'>, y: number): number {
  return (y + flat.originY) / UNITS_PER_DEGREE;
}

/** Vertex count of a feature. */
export function featureVertexCount(flat: FlatGeometries, f: number): number {
  const p0 = flat.featureStart[f];
  const p1 = flat.featureStart[f + 1];
  return flat.ringStart[flat.partStart[p1]] - flat.ringStart[flat.partStart[p0]];
}

/** Feature f as GeoJSON in lon/lat (rings closed, orientation as stored); null when it has no usable ring. */
export function featureGeometry(flat: FlatGeometries, f: number): Polygon | MultiPolygon | null {
  const { xy, ringStart, partStart, featureStart } = flat;
  const polygons: Position[][][] = [];
  for (let p = featureStart[f]; p < featureStart[f + 1]; p++) {
    const rings: Position[][] = [];
    for (let r = partStart[p]; r < partStart[p + 1]; r++) {
      const ring: Position[] = [];
      for (let i = ringStart[r]; i < ringStart[r + 1]; i++) ring.push([lonOf(flat, xy[2 * i]), latOf(flat, xy[2 * i + 1])]);
      ring.push(ring[0]);
      rings.push(ring);
    }
    polygons.push(rings);
  }
  if (polygons.length === 0) return null;
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}
