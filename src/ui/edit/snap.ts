// Snapping while drawing and editing: the pointer jumps to an existing vertex of the editable layers when one is within
// a few screen pixels, so neighbouring parcels share corners exactly (no slivers, no overlaps). Pure: the screen
// projection is passed in.
import Flatbush from 'flatbush';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { featureId } from '../../map/featureInfo';

export interface ScreenPoint {
  x: number;
  y: number;
}

export type Projector = (lon: number, lat: number) => ScreenPoint;
export type Unprojector = (x: number, y: number) => { lng: number; lat: number };

function eachPosition(g: Geometry | null, out: Position[]): void {
  if (!g) return;
  switch (g.type) {
    case 'Point': out.push(g.coordinates); break;
    case 'MultiPoint': case 'LineString': out.push(...g.coordinates); break;
    case 'MultiLineString': case 'Polygon': for (const r of g.coordinates) out.push(...r); break;
    case 'MultiPolygon': for (const p of g.coordinates) for (const r of p) out.push(...r); break;
    case 'GeometryCollection': for (const x of g.geometries) eachPosition(x, out); break;
  }
}

/** Every vertex of some layers, indexed for "which vertices are near here". */
export class VertexIndex {
  private readonly points: Position[];
  private readonly index: Flatbush | null;

  /** `skip` leaves out one feature (the one being edited snaps to its neighbours, not to itself). */
  constructor(layers: readonly FeatureCollection[], skip: string | null = null) {
    const pts: Position[] = [];
    for (const fc of layers) for (const f of fc.features) if (skip === null || featureId(f) !== skip) eachPosition(f.geometry, pts);
    this.points = pts.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
    if (this.points.length === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(this.points.length);
    for (const p of this.points) index.add(p[0], p[1], p[0], p[1]);
    index.finish();
    this.index = index;
  }

  get size(): number {
    return this.points.length;
  }

  /** Vertices inside a lon/lat box. */
  within(minLon: number, minLat: number, maxLon: number, maxLat: number): Position[] {
    return this.index ? this.index.search(minLon, minLat, maxLon, maxLat).map((i) => this.points[i]) : [];
  }

  /**
   * The vertex nearest to a screen point within `tolerancePx`, or null. The search box is the pointer's square
   * unprojected (a rotated map widens it; distances are then measured on screen).
   */
  snap(pointer: ScreenPoint, project: Projector, unproject: Unprojector, tolerancePx: number): Position | null {
    if (!this.index) return null;
    const corners = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([dx, dy]) => unproject(pointer.x + dx * tolerancePx, pointer.y + dy * tolerancePx));
    const lons = corners.map((c) => c.lng);
    const lats = corners.map((c) => c.lat);
    let best: Position | null = null;
    let bestD = tolerancePx * tolerancePx;
    for (const p of this.within(Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats))) {
      const s = project(p[0], p[1]);
      const d = (s.x - pointer.x) ** 2 + (s.y - pointer.y) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = p;
      }
    }
    return best ? [best[0], best[1]] : null;
  }
}
