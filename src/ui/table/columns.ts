// Columns of the attribute table per layer kind: what each cell shows (core's figures, formatted) and sorts by.
import type { Feature } from 'geojson';
import type { ParcelResult, ParkResult, VillageResult, ZoneResult } from '../../core/evaluate';
import { formatNumber, unitLabel } from '../../core/units';
import { featureId, featureName } from '../../map/featureInfo';
import type { EvaluatedProject } from '../data/evaluation';
import type { LoadedLayer } from '../data/loadProject';
import { t, type Lang, type MessageKey } from '../i18n';
import { fieldLabel, formatMetric, metricLabel, MISSING, propertyText } from '../inspector/format';

export interface TableRow {
  id: string;
  feature: Feature;
  properties: Record<string, unknown>;
  /** Core's result for the feature (parcel, zone, park or village), if the layer has one. */
  result: ParcelResult | ZoneResult | ParkResult | VillageResult | null;
}

export interface Column {
  key: string;
  label: string;
  width: number;
  numeric: boolean;
  sortValue: (row: TableRow) => number | string | null;
  text: (row: TableRow) => string;
}

export function rowsOf(layer: LoadedLayer, evaluated: EvaluatedProject | null): TableRow[] {
  const lookup =
    layer.kind === 'parcel' ? evaluated?.parcels : layer.kind === 'zone' ? evaluated?.zones : layer.kind === 'park' ? evaluated?.parks : layer.kind === 'relocation' ? evaluated?.villages : undefined;
  const rows: TableRow[] = [];
  layer.data.features.forEach((f, i) => {
    const id = featureId(f) ?? `#${i + 1}`;
    rows.push({ id, feature: f, properties: (f.properties ?? {}) as Record<string, unknown>, result: lookup?.get(id) ?? null });
  });
  return rows;
}

const prop = (key: string) => (r: TableRow) => {
  const v = r.properties[key];
  return typeof v === 'number' || typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : null;
};

function idColumn(lang: Lang): Column {
  return { key: 'id', label: t(lang, 'field.id'), width: 96, numeric: false, sortValue: (r) => r.id, text: (r) => r.id };
}

function nameColumn(lang: Lang): Column {
  return { key: 'name', label: t(lang, 'field.name'), width: 180, numeric: false, sortValue: (r) => featureName(r.feature), text: (r) => featureName(r.feature) ?? MISSING };
}

function propColumn(key: string, lang: Lang, width = 130): Column {
  return { key, label: fieldLabel(key, lang), width, numeric: false, sortValue: prop(key), text: (r) => propertyText(key, r.properties[key], lang) };
}

function resultNumber<R>(key: string, label: string, width: number, get: (r: R) => number | null, text: (v: number | null) => string): Column {
  return {
    key,
    label,
    width,
    numeric: true,
    sortValue: (row) => (row.result ? get(row.result as R) : null),
    text: (row) => (row.result ? text(get(row.result as R)) : MISSING),
  };
}

const withUnit = (label: string, unit: string, lang: Lang) => (lang === 'zh' ? `${label}（${unit}）` : `${label} (${unit})`);

function areaColumn(lang: Lang): Column {
  return resultNumber<{ areaMu: number | null }>('areaMu', withUnit(t(lang, 'metric.area'), unitLabel('mu', lang), lang), 110, (r) => r.areaMu, (v) => formatNumber(v, lang, 2));
}

function metricColumn(key: 'investmentIntensity' | 'plotRatio' | 'buildingCoverage' | 'greenRatio' | 'taxPerMu' | 'leadingIndustryShare', lang: Lang, width = 110): Column {
  const label = key === 'investmentIntensity' || key === 'taxPerMu' ? withUnit(metricLabel(key, lang), unitLabel('wanPerMu', lang), lang) : metricLabel(key, lang);
  return resultNumber<Record<string, number | null>>(key, label, width, (r) => r[key] ?? null, (v) =>
    key === 'investmentIntensity' || key === 'taxPerMu' ? formatNumber(v, lang, key === 'taxPerMu' ? 2 : 1) : formatMetric(key, v, lang),
  );
}

export function columnsFor(layer: LoadedLayer, lang: Lang): Column[] {
  switch (layer.kind) {
    case 'parcel':
      return [
        idColumn(lang),
        nameColumn(lang),
        propColumn('enterprise', lang, 150),
        propColumn('landUse', lang, 110),
        areaColumn(lang),
        metricColumn('investmentIntensity', lang, 170),
        metricColumn('plotRatio', lang, 80),
        metricColumn('buildingCoverage', lang, 90),
        metricColumn('greenRatio', lang, 80),
        metricColumn('taxPerMu', lang, 130),
        {
          key: 'flags',
          label: t(lang, 'table.flags'),
          width: 190,
          numeric: false,
          sortValue: (r) => (r.result as ParcelResult | null)?.flags.length ?? null,
          text: (r) => {
            const p = r.result as ParcelResult | null;
            if (!p) return MISSING;
            return p.flags.length === 0 ? '' : p.flags.map((f) => metricLabel(f.rule, lang)).join(lang === 'zh' ? '、' : ', ');
          },
        },
        {
          key: 'idle',
          label: t(lang, 'table.idle'),
          width: 150,
          numeric: false,
          sortValue: (r) => {
            const i = (r.result as ParcelResult | null)?.idle;
            return !i || i.isIdle === null ? null : i.isIdle ? (i.disposal ?? '') : '';
          },
          text: (r) => {
            const p = r.result as ParcelResult | null;
            if (!p) return MISSING;
            if (p.idle.isIdle === null) return t(lang, 'idle.unknown');
            if (p.idle.isIdle && p.idle.disposal) return t(lang, `disposal.${p.idle.disposal}` as MessageKey);
            return p.approaching ? t(lang, 'idle.approaching') : '';
          },
        },
      ];
    case 'zone':
    case 'park':
      return [
        idColumn(lang),
        nameColumn(lang),
        layer.kind === 'zone' ? propColumn('zoneType', lang, 100) : propColumn('parkClass', lang, 160),
        areaColumn(lang),
        resultNumber<ZoneResult>('parcelCount', t(lang, 'metric.parcelCount'), 80, (r) => r.parcelCount, (v) => formatNumber(v, lang, 0)),
        metricColumn('investmentIntensity', lang, 150),
        metricColumn('plotRatio', lang, 80),
        metricColumn('leadingIndustryShare', lang, 130),
        resultNumber<ZoneResult>('idleCount', t(lang, 'dash.idle'), 90, (r) => r.idle.idleCount, (v) => formatNumber(v, lang, 0)),
      ];
    case 'relocation':
      return [
        idColumn(lang),
        propColumn('village', lang, 140),
        propColumn('status', lang, 110),
        propColumn('households', lang, 90),
        propColumn('population', lang, 90),
        propColumn('resettlementUnits', lang, 120),
        propColumn('targetYear', lang, 100),
        areaColumn(lang),
      ];
    default: {
      // Plans and unknown layers: the properties the features carry (first ones seen, up to 10).
      const keys: string[] = [];
      for (const f of layer.data.features.slice(0, 500)) {
        for (const k of Object.keys(f.properties ?? {})) if (k !== 'id' && !keys.includes(k)) keys.push(k);
        if (keys.length >= 10) break;
      }
      return [idColumn(lang), ...keys.slice(0, 10).map((k) => propColumn(k, lang, 150))];
    }
  }
}
