// Core's 五规合一 check for the portable deck, run in Node when the deck is built (scripts/build-portable.mjs):
// the same validation and overlay as `park-atlas conflicts`, so the conflicts slide shows the CLI's figures.
import { conflictSummary } from '../src/core/deck/conflictSummary';
import type { ConflictSummary } from '../src/core/deck/types';
import { detectConflicts } from '../src/core/overlay/detect';
import { DEFAULT_MIN_AREA_M2 } from '../src/core/overlay/types';
import { formatProblem } from '../src/core/schema/problems';
import { LAYER_KINDS, type LayerKind } from '../src/core/schema/types';
import { validateLayer, type ValidatedLayer } from '../src/core/schema/validate';

export interface PortableConflicts {
  /** The slide's figures, with the result itself (its polygons are drawn on the conflicts slide's map). */
  summary: ConflictSummary;
  /** Conflict polygons found (the length of the CLI's `--geojson`). */
  count: number;
  /** m² per type, as the CLI's `totals`. */
  totals: Record<string, number>;
  /** Problems of validation and overlay, in words (the build prints them). */
  messages: string[];
}

/** The layers as build-portable reads them; null when nothing can be checked (no park plan and no parcels). */
export async function portableConflicts(layers: { file: string; kind: string | null; data: unknown }[], minAreaM2 = DEFAULT_MIN_AREA_M2): Promise<PortableConflicts | null> {
  const messages: string[] = [];
  const validated: ValidatedLayer[] = [];
  for (const l of layers) {
    const expected = l.kind !== null && (LAYER_KINDS as readonly string[]).includes(l.kind) ? (l.kind as LayerKind) : undefined;
    const r = validateLayer(l.data, l.file, expected);
    if (!r.ok) {
      messages.push(...r.problems.map((p) => formatProblem(p, 'en')));
      continue;
    }
    messages.push(...r.value.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p, 'en')));
    validated.push(r.value);
  }
  const checkable = validated.some((l) => l.kind === 'parcel' || (l.kind === 'plan' && l.records.some((r) => 'planType' in r && r.planType === 'park_master')));
  if (!checkable) return null;
  const result = await detectConflicts(validated, { minAreaM2 });
  messages.push(...result.problems.map((p) => formatProblem(p, 'en')));
  return { summary: conflictSummary(result), count: result.conflicts.length, totals: { ...result.totals }, messages };
}
