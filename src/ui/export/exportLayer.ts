// Any project layer → a file: GeoJSON (as held, kind and foreign members kept), a Shapefile zip (core's writer:
// CGCS2000 .prj, .cpg) or a 坐标TXT (core's writer: standard form, GBK by default). Every feature of the layer is
// written, also those whose geometry could not be drawn: an export must not lose what was imported.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { zoneOfLongitude, type GaussKrugerZone } from '../../core/geodesy/gaussKruger';
import { writeCoordTxt, type CoordTxtSource } from '../../core/io/coordTxt';
import { sourceZoneOf } from '../../core/io/sourceProjection';
import { writeShapefileZip } from '../../core/io/shapefile';
import type { Problem } from '../../core/schema/problems';
import type { LayerKind } from '../../core/schema/types';
import type { LoadedLayer } from '../data/loadProject';

export type ExportFormat = 'geojson' | 'shapefile' | 'coordtxt';

export interface ExportFile {
  fileName: string;
  bytes: Uint8Array;
  type: string;
  problems: Problem[];
}

export type ExportResult = { ok: true; file: ExportFile } | { ok: false; problems: Problem[] };

type Collection = FeatureCollection<Geometry | null> & { kind?: unknown; name?: unknown; coordTxt?: CoordTxtSource };

/** The layer as the project holds it (validated features, foreign members such as kind and coordTxt). */
export function layerCollection(layer: LoadedLayer): Collection {
  return (layer.validated?.layer ?? layer.data) as unknown as Collection;
}

/** A file name from the layer title: characters Windows refuses replaced. */
export function fileBase(layer: LoadedLayer, lang: 'zh' | 'en'): string {
  return layer.title[lang].replace(/[\\/:*?"<>|\0]/g, '_').replace(/\s+/g, ' ').trim().slice(0, 80) || layer.id;
}

export function exportGeoJson(layer: LoadedLayer, base: string): ExportResult {
  const c = layerCollection(layer);
  const kind = layer.kind === 'generic' ? c.kind : layer.kind;
  const { type, features, ...rest } = c;
  // `type` and `kind` first, as the CLI writes them.
  const json = { type, ...(kind !== undefined ? { kind } : {}), ...rest, features };
  return { ok: true, file: { fileName: `${base}.geojson`, bytes: new TextEncoder().encode(JSON.stringify(json)), type: 'application/geo+json', problems: [] } };
}

export function exportShapefile(layer: LoadedLayer, base: string): ExportResult {
  const c = layerCollection(layer);
  const r = writeShapefileZip({ name: base, kind: layer.kind === 'generic' ? undefined : (layer.kind as LayerKind), features: c.features as Array<Feature<Geometry | null, Record<string, unknown> | null>> });
  if (!r.ok) return r;
  return { ok: true, file: { fileName: r.fileName, bytes: r.bytes, type: 'application/zip', problems: r.problems } };
}

/**
 * The zone a 坐标TXT is written in by default: the one the layer was read in (a 坐标TXT's, or a projected Shapefile's
 * or GeoJSON's: core's sourceZoneOf), else the 3° zone of its centre.
 */
export function defaultTxtZone(layer: LoadedLayer): { zone: GaussKrugerZone; from: 'file' | 'longitude' } | null {
  const c = layerCollection(layer);
  const own = sourceZoneOf(c);
  if (own) return { zone: own, from: 'file' };
  let min = Infinity, max = -Infinity;
  const visit = (x: unknown): void => {
    if (typeof (x as number[])[0] === 'number') {
      const lon = (x as number[])[0];
      if (lon < min) min = lon;
      if (lon > max) max = lon;
      return;
    }
    for (const y of x as unknown[]) visit(y);
  };
  for (const f of c.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  if (!Number.isFinite(min)) return null;
  const zone = zoneOfLongitude((min + max) / 2, 3);
  return zone ? { zone, from: 'longitude' } : null;
}

export function exportCoordTxt(layer: LoadedLayer, base: string, options: { zone?: number; encoding: 'gbk' | 'utf-8' }): ExportResult {
  const c = layerCollection(layer);
  const zone = options.zone ?? defaultTxtZone(layer)?.zone;
  const r = writeCoordTxt(c as FeatureCollection, `${base}.txt`, { zone, encoding: options.encoding });
  if (!r.ok) return r;
  return { ok: true, file: { fileName: `${base}.txt`, bytes: r.value.bytes, type: options.encoding === 'gbk' ? 'text/plain;charset=gbk' : 'text/plain;charset=utf-8', problems: r.value.problems } };
}
