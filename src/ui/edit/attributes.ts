// Typed attribute input for the inspector's editor: what a user types is checked against core's schema
// (src/core/schema/fields.ts FIELD_TYPES, read by core's own readFields) and stored as the typed value core reads
// without a warning: numbers as numbers, dates as ISO dates, yes/no as booleans. Unknown fields stay text.
import { FIELD_TYPES, readFields } from '../../core/schema/fields';
import type { LayerKind } from '../../core/schema/types';
import type { Problem } from '../../core/schema/problems';

export type FieldType = (typeof FIELD_TYPES)[LayerKind][string];

export interface Bilingual {
  zh: string;
  en: string;
}

export type FieldInput = { ok: true; value: unknown } | { ok: false; message: Bilingual };

const LAYER_KINDS_WITH_FIELDS = Object.keys(FIELD_TYPES) as LayerKind[];

export const isSchemaKind = (kind: string): kind is LayerKind => (LAYER_KINDS_WITH_FIELDS as string[]).includes(kind);

/** The fields core knows for a kind, in schema order, with their types. */
export function schemaFields(kind: string): Array<{ field: string; type: FieldType }> {
  if (!isSchemaKind(kind)) return [];
  return Object.entries(FIELD_TYPES[kind]).map(([field, type]) => ({ field, type }));
}

export function fieldTypeOf(kind: string, field: string): FieldType | null {
  return isSchemaKind(kind) ? FIELD_TYPES[kind][field] ?? null : null;
}

/** How a value is shown in the editor's text box (the inverse of parseFieldInput for what it stores). */
export function inputText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(String).join('、');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Checks what was typed for one field and returns the value to store (null clears it), or why it cannot be used,
 * in Chinese and English. Empty text clears the field.
 */
export function parseFieldInput(kind: string, field: string, text: string): FieldInput {
  const type = fieldTypeOf(kind, field);
  const trimmed = text.trim();
  if (type === null) return { ok: true, value: trimmed === '' ? null : text };
  if (trimmed === '') return { ok: true, value: null };
  if (type === 'date' && /^\d{1,7}(\.\d+)?$/.test(trimmed)) {
    // core also reads spreadsheet day numbers; typed by hand such a number is almost always a mistake.
    return { ok: false, message: { zh: `"${trimmed}" 不是日期，请按 2024-03-15 的格式输入`, en: `"${trimmed}" is not a date; type it as 2024-03-15` } };
  }
  if ((type === 'number' || type === 'count' || type === 'year') && /[^\d\s.,+-]/.test(trimmed)) {
    return { ok: false, message: { zh: `应为数字，实为 "${trimmed}"（不要带单位）`, en: `expected a number, found "${trimmed}" (leave out units)` } };
  }
  const problems: Problem[] = [];
  const record = readFields(kind as LayerKind, { [field]: trimmed }, { file: '', featureId: '', featureIndex: 0 }, problems);
  const mine = problems.find((p) => p.field === field);
  if (mine) return { ok: false, message: { zh: stripMissing(mine.message.zh), en: stripMissing(mine.message.en) } };
  const value = record[field];
  if (value === null || value === undefined) return { ok: true, value: null };
  // Industry codes are stored as typed (core reads the two-digit division from them); the rest as core read them.
  if (type === 'industryCode') return { ok: true, value: trimmed };
  return { ok: true, value };
}

/** core's messages end with "treated as missing" (for files); in the editor nothing is stored, so that part goes. */
function stripMissing(s: string): string {
  return s.replace(/[;；,，]\s*(treated as missing|按缺失处理)$/u, '');
}

/**
 * Applies checked inputs to a feature's properties: a new object; a null value removes a schema field that was absent
 * before and stores null where the field existed (so the file keeps the column).
 */
export function applyInputs(properties: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const next = { ...properties };
  for (const [k, v] of Object.entries(values)) {
    if (v === null && !(k in properties)) continue;
    next[k] = v;
  }
  return next;
}
