/** Writes about `bytes` of valid parcel GeoJSON to `path` (see bigGeoJson.mjs). */
export function writeBigGeoJson(path: string, bytes: number): Promise<{ features: number; bytes: number }>;
