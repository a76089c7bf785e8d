// The last step of an import, on the main thread: the schema names from the (edited) alias mapping are added,
// then the layer goes through core's validation like every other layer (loadProject.layerFromJson). A table is
// joined to a copy of an existing layer's features; nothing the user had is deleted.
import type { Feature, Geometry } from 'geojson';
import { applyAliases, suggestAliases, unitConversion, type AliasMapping, type AreaUnit, type FieldMapping, type MoneyUnit } from '../../core/io/fieldAliases';
import { joinTable, type AttributeTable, type JoinReport } from '../../core/io/tableJoin';
import { FIELD_TYPES } from '../../core/schema/fields';
import type { Problem } from '../../core/schema/problems';
import type { LayerKind } from '../../core/schema/types';
import { isLoadError, layerFromJson, type Bilingual, type LoadedLayer, type LoadError } from '../data/loadProject';
import type { LonLatCollection } from './preview';

/** The schema names a field may be mapped to for a kind (what suggestAliases proposes from). */
export function schemaTargets(kind: LayerKind): string[] {
  return ['id', ...Object.keys(FIELD_TYPES[kind]), 'declaredAreaM2'];
}

/** Maps `source` to `target` by hand: the conversion the alias table would use for that pair (units read from the name). */
export function mapField(mapping: AliasMapping, source: string, target: string | null): AliasMapping {
  const others = mapping.mappings.filter((m) => m.source !== source && (target === null || m.target !== target));
  const freed = mapping.mappings.filter((m) => m.source !== source && target !== null && m.target === target).map((m) => m.source);
  const unmatched = mapping.unmatched.filter((u) => u.source !== source);
  for (const s of freed) unmatched.push({ source: s, alsoMatches: [] });
  if (target === null) {
    unmatched.push({ source, alsoMatches: [] });
    return { ...mapping, mappings: others, unmatched };
  }
  // The name itself may say the unit (面积亩 → 亩); else the target's own unit.
  const own = suggestAliases([source], mapping.kind).mappings.find((m) => m.target === target);
  const fallback = suggestAliases([target], mapping.kind).mappings.find((m) => m.target === target);
  const base = own ?? fallback;
  const made: FieldMapping = base
    ? { ...base, source, confidence: own ? base.confidence : 'high', match: own ? base.match : 'schema', alias: own ? base.alias : null, note: own ? base.note : null }
    : { source, target, confidence: 'high', match: 'schema', alias: null, conversion: { type: 'text' }, informative: false, note: null };
  return { ...mapping, mappings: [...others, made], unmatched };
}

/** The alias table's proposal for the fields, with the units the reader found (坐标TXT 地块面积 is in 公顷). */
export function suggestMapping(fields: readonly string[], kind: LayerKind, units: Record<string, AreaUnit | MoneyUnit> = {}): AliasMapping {
  let mapping = suggestAliases(fields, kind);
  for (const [field, unit] of Object.entries(units)) mapping = setFieldUnit(mapping, field, unit, true);
  return mapping;
}

/** Changes the unit a number column is read in (亩, 公顷, 元, 亿元 …). */
export function setFieldUnit(mapping: AliasMapping, source: string, unit: AreaUnit | MoneyUnit, byFormat = false): AliasMapping {
  const areaUnits: readonly string[] = ['m2', 'mu', 'ha', 'km2'];
  return {
    ...mapping,
    mappings: mapping.mappings.map((m) => {
      if (m.source !== source || m.conversion.type !== 'number') return m;
      if ((m.conversion.quantity === 'area') !== areaUnits.includes(unit)) return m;
      const conversion = m.conversion.quantity === 'area' ? unitConversion('area', unit as AreaUnit) : unitConversion('money', unit as MoneyUnit);
      const note = byFormat ? { en: `the file format gives this field in ${unit === 'ha' ? 'hectares' : unit}`, zh: `文件格式规定此字段单位为${unit === 'ha' ? '公顷' : unit === 'mu' ? '亩' : '平方米'}` } : null;
      return { ...m, conversion, note };
    }),
  };
}

export type Finished = { ok: true; layer: LoadedLayer; problems: Problem[] } | { ok: false; error: LoadError };

/** Aliases, then core's validation: the layer the project gets. */
export function finishLayer(collection: LonLatCollection, mapping: AliasMapping, kind: LayerKind, file: string, id: string, title: Bilingual): Finished {
  const applied = applyAliases(collection.features as Array<Feature<Geometry | null, Record<string, unknown>>>, mapping, file);
  const json = { ...collection, kind, features: applied.features };
  const loaded = layerFromJson(json, file, id, kind, title, file);
  if (isLoadError(loaded)) return { ok: false, error: loaded };
  return { ok: true, layer: loaded.layer, problems: [...applied.problems, ...loaded.problems] };
}

export interface JoinChoice {
  /** Feature property holding the key, or "@id" for the feature id. */
  featureKey: string;
  tableKey: string;
}

/** The features a join starts from: every feature of the layer as validated (also those not drawn). */
export function featuresOf(layer: LoadedLayer): Array<Feature<Geometry | null, Record<string, unknown>>> {
  return (layer.validated?.layer.features ?? layer.data.features) as Array<Feature<Geometry | null, Record<string, unknown>>>;
}

/**
 * Previews a join (matches, unmatched rows, overwritten values) without changing anything; with a mapping also
 * what the field mapping will do (e.g. a schema value the features already have is kept).
 */
export function previewJoin(layer: LoadedLayer, table: AttributeTable, choice: JoinChoice, mapping?: AliasMapping): { report: JoinReport; problems: Problem[] } {
  const r = joinTable(featuresOf(layer), table, { ...choice, layerName: layer.title.zh });
  const aliasProblems = mapping ? applyAliases(r.features, mapping, table.file).problems : [];
  return { report: r.report, problems: [...r.problems, ...aliasProblems] };
}

/** Joins the table to a copy of the layer, maps the table's fields to schema names and validates the result. */
export function finishJoin(layer: LoadedLayer, table: AttributeTable, choice: JoinChoice, mapping: AliasMapping): Finished {
  const joined = joinTable(featuresOf(layer), table, { ...choice, layerName: layer.title.zh });
  const applied = applyAliases(joined.features, mapping, table.file);
  const base = (layer.validated?.layer ?? layer.data) as unknown as Record<string, unknown>;
  const json = { ...base, kind: layer.kind === 'generic' ? undefined : layer.kind, features: applied.features };
  const loaded = layerFromJson(json, layer.url, layer.id, layer.kind, layer.title, layer.url);
  if (isLoadError(loaded)) return { ok: false, error: loaded };
  return { ok: true, layer: { ...loaded.layer, visible: layer.visible }, problems: [...joined.problems, ...applied.problems, ...loaded.problems] };
}
