// GeoJSON driver: text → validated layer. Returns a result or the problems; never throws at the user (STYLE: Placemark).
import { problem, type Problem } from '../schema/problems';
import { findJsonError } from './jsonError';
import { validateLayer, type LayerResult } from '../schema/validate';
import type { LayerKind } from '../schema/types';

/** Line and column of a character offset, for messages about broken JSON. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

export function parseJsonText(text: string, file: string): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a UTF-8 BOM is common from Windows tools
  if (body.trim() === '') return { ok: false, problems: [problem('error', 'empty-file', { file }, 'is empty', '文件为空')] };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    // JSON.parse says little about where (its messages differ by engine): find the place ourselves.
    const found = findJsonError(body);
    const where = lineColumn(body, found?.offset ?? 0);
    const reason = found?.reason ?? (e instanceof Error ? e.message : String(e)).slice(0, 120);
    return {
      ok: false,
      problems: [problem('error', 'json-syntax', { file }, `is not valid JSON at line ${where.line}, column ${where.column}: ${reason}`, `不是有效的 JSON（第 ${where.line} 行第 ${where.column} 列）: ${reason}`)],
    };
  }
}

export function parseGeoJsonText(text: string, file: string, expectedKind?: LayerKind): LayerResult {
  const parsed = parseJsonText(text, file);
  if (!parsed.ok) return parsed;
  return validateLayer(parsed.value, file, expectedKind);
}
