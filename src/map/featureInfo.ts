// Identity of a feature as the UI shows it (DESIGN §5: id is the GeoJSON `id`, else `properties.id`, as a string).
import type { Feature } from 'geojson';

export function featureId(f: Feature): string | null {
  const raw = f.id ?? (f.properties?.id as unknown);
  if (raw === undefined || raw === null || raw === '') return null;
  return String(raw);
}

/** A human name for a feature: parcels and parks have `name`, relocation areas a `village`. */
export function featureName(f: Feature): string | null {
  const p = f.properties ?? {};
  for (const key of ['name', 'village', 'enterprise', 'title', '名称', 'NAME']) {
    const v = p[key];
    if (v !== undefined && v !== null && v !== '') return String(v);
  }
  return null;
}
