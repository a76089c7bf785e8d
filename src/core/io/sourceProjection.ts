// The Gauss-Kruger zone a layer was read from, kept on the imported layer so that its areas can be shown twice,
// labelled (DESIGN §7): the planar area in that projection (what 坐标TXT headers and CAD report) beside the
// ellipsoidal one. The planar area is computed from the feature's current lon/lat geometry, so it stays right
// after the parcel is edited, split or merged (a figure stored at import would not).
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { gaussKrugerConverter, isZoneNumber, type GaussKrugerZone } from '../geodesy/gaussKruger';
import { planarAreaM2 } from './shapefileCrs';

/** Top-level member (RFC 7946 §6.1 foreign member) of a layer read from projected coordinates. */
export const SOURCE_PROJECTION_MEMBER = 'sourceProjection';

export interface SourceProjection {
  zone: GaussKrugerZone;
}

/** The collection with the zone it was read in (a new object; the input is not changed). */
export function withSourceProjection<T extends object>(collection: T, zone: GaussKrugerZone): T & { sourceProjection: SourceProjection } {
  return { ...collection, [SOURCE_PROJECTION_MEMBER]: { zone: { width: zone.width, zone: zone.zone, prefixed: zone.prefixed } } } as T & { sourceProjection: SourceProjection };
}

function zoneOf(v: unknown): GaussKrugerZone | null {
  if (typeof v !== 'object' || v === null) return null;
  const z = v as Record<string, unknown>;
  if ((z.width !== 3 && z.width !== 6) || typeof z.zone !== 'number' || !isZoneNumber(z.zone, z.width)) return null;
  return { width: z.width, zone: z.zone, prefixed: z.prefixed === true };
}

/**
 * The zone a layer's coordinates came from: the `sourceProjection` member (projected Shapefile or GeoJSON), else
 * a 坐标TXT's `coordTxt.zone`; null for layers read in lon/lat (or a member that is not a CGCS2000 zone).
 */
export function sourceZoneOf(collection: unknown): GaussKrugerZone | null {
  if (typeof collection !== 'object' || collection === null) return null;
  const c = collection as Record<string, unknown>;
  const own = c[SOURCE_PROJECTION_MEMBER] as Record<string, unknown> | undefined;
  const txt = c.coordTxt as Record<string, unknown> | undefined;
  return zoneOf(own?.zone) ?? zoneOf(txt?.zone);
}

/**
 * Planar area (m²) of a lon/lat polygon in a Gauss-Kruger zone: its vertices projected (proj4, the same converter
 * import reads with), then the shoelace with holes subtracted. Null for other geometries.
 */
export function planarAreaInZoneM2(geometry: Geometry | null | undefined, zone: GaussKrugerZone): number | null {
  if (geometry?.type !== 'Polygon' && geometry?.type !== 'MultiPolygon') return null;
  // Without the zone prefix the eastings stay near 500 000 m; the area does not depend on the false easting.
  const c = gaussKrugerConverter({ ...zone, prefixed: false });
  const ring = (r: Position[]) => r.map((p) => c.fromLonLat(p[0], p[1]) as Position);
  const projected: Polygon | MultiPolygon = geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map(ring)) };
  const a = planarAreaM2(projected);
  return a !== null && Number.isFinite(a) ? a : null;
}
