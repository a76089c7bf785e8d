// A local PMTiles file as the base map (DESIGN §9): tiles are read from the file the user picked, through
// maplibre's custom protocol, so nothing is requested from any server. Raster archives only: a vector archive
// would need a cartographic style we do not ship.
import * as maplibregl from 'maplibre-gl';
import type { RasterSourceSpecification } from 'maplibre-gl';
import { FileSource, PMTiles, Protocol, TileType } from 'pmtiles';

let protocol: Protocol | null = null;

export type LocalBaseMap =
  | { ok: true; name: string; source: RasterSourceSpecification }
  | { ok: false; reason: 'vector' | 'unreadable'; detail: string };

/** Opens a PMTiles file and returns a raster source for it, or why it cannot be used. */
export async function localPmtilesBaseMap(file: File): Promise<LocalBaseMap> {
  if (!protocol) {
    protocol = new Protocol();
    maplibregl.addProtocol('pmtiles', protocol.tile);
  }
  const archive = new PMTiles(new FileSource(file));
  let header;
  try {
    header = await archive.getHeader();
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: e instanceof Error ? e.message : String(e) };
  }
  if (header.tileType === TileType.Mvt) return { ok: false, reason: 'vector', detail: file.name };
  protocol.add(archive);
  return { ok: true, name: file.name, source: { type: 'raster', url: `pmtiles://${archive.source.getKey()}`, tileSize: 256 } };
}
