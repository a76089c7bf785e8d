// Where the user's base map template lives: this browser's localStorage only (never the shared URL: it may carry
// a key). A plain module: cspStartup.ts reads it before the app's code (React, maplibre) is loaded.
import { baseMapProblem } from '../../map/baseStyle';

const STORAGE_KEY = 'parkAtlas.baseMap';

export function storedBaseMap(): string | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v && baseMapProblem(v) === null ? v : null;
  } catch {
    return null;
  }
}

export function storeBaseMap(url: string | null): void {
  try {
    if (url) localStorage.setItem(STORAGE_KEY, url);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: the base map lasts for this page only
  }
}
