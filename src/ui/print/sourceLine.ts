// The print layout's source line, as a map states its sources: whose data (the park's, from which files), which
// base map, and (beside it) who made the map when. Pure, for the sheet and the PNG export alike.
import { t, type Lang } from '../i18n';

/** A base map as the source line names it: the host of a tile URL (never its key), or a local file's name. */
export function baseMapName(baseMap: string | null): string | null {
  if (!baseMap) return null;
  try {
    const host = new URL(baseMap.replace(/\{[^}]*\}/g, '0')).hostname;
    if (host) return host;
  } catch {
    // not a URL: a local PMTiles file's name
  }
  return baseMap;
}

/** "数据来源：<park> 园区数据（文件：…）；底图：无" — what the data are and where the files and the base map came from. */
export function sourceText(lang: Lang, park: string, files: readonly string[], baseMap: string | null): string {
  const base = baseMapName(baseMap) ?? t(lang, 'print.baseNone');
  return files.length > 0
    ? t(lang, 'print.source', { park, files: files.join(lang === 'zh' ? '、' : ', '), base })
    : t(lang, 'print.sourceNoFiles', { park, base });
}
