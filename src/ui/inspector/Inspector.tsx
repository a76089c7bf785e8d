// Click panel for one feature of any layer: core's figures for it (parcel metrics, rule checks, idle finding; zone and
// park totals; village figures) and every property it carries, known or not. Everything is rendered as React text.
import type { Feature } from 'geojson';
import { useEffect, useMemo, useState } from 'react';
import { AttributeEditor } from '../edit/AttributeEditor';
import type { ParcelResult, ParkResult, VillageResult, ZoneResult } from '../../core/evaluate';
import type { GaussKrugerZone } from '../../core/geodesy/gaussKruger';
import { planarAreaInZoneM2, sourceZoneOf } from '../../core/io/sourceProjection';
import type { AreaFigures } from '../../core/metrics/aggregate';
import type { RuleCheck } from '../../core/rules/control';
import { LAND_USES } from '../../core/schema/types';
import { m2ToMu, type SquareMeters } from '../../core/units';
import { featureId, featureName } from '../../map/featureInfo';
import type { EvaluatedProject } from '../data/evaluation';
import type { LoadedLayer } from '../data/loadProject';
import { t, tMaybe, type Lang, type MessageKey } from '../i18n';
import { useTabAccess } from '../project/useTabLock';
import {
  areaMuHa, fieldLabel, formatArea, formatMetric, formatNumber, formatThreshold, formatWan, metricLabel, MISSING, propertyText,
  type MetricKey,
} from './format';

export interface Selection {
  layerId: string;
  featureId: string;
}

interface Props {
  lang: Lang;
  selection: Selection;
  layer: LoadedLayer | undefined;
  evaluated: EvaluatedProject | null;
  onClose: () => void;
  onZoom: () => void;
  /** Saves edited properties of the shown feature (issue 7); returns why not, or null. Without it the inspector only reads. */
  onEditProperties?: (properties: Record<string, unknown>) => string | null;
  /** Open the attribute editor at once (a parcel just drawn). */
  startEditing?: boolean;
}

type ParcelMetricKey = Exclude<MetricKey, 'leadingIndustryShare' | 'builtCoverage'>;
const PARCEL_METRICS: ParcelMetricKey[] = ['investmentIntensity', 'plotRatio', 'buildingCoverage', 'greenRatio', 'supportLandShare', 'supportFloorShare', 'taxPerMu', 'revenuePerMu'];

/** The inputs of each parcel metric (DESIGN §4), to say which one is missing when core returns null. */
const INPUTS: Record<string, string[]> = {
  investmentIntensity: ['investmentWan'],
  plotRatio: ['floorAreaM2'],
  buildingCoverage: ['footprintAreaM2'],
  greenRatio: ['greenAreaM2'],
  supportLandShare: ['supportLandM2', 'supportFloorAreaM2', 'floorAreaM2'],
  supportFloorShare: ['supportFloorAreaM2', 'floorAreaM2'],
  taxPerMu: ['taxWan'],
  revenuePerMu: ['revenueWan'],
};

const isMissing = (v: unknown) => v === null || v === undefined || v === '';

/** Why core's value is null: which input is missing, or which base is zero. */
function missingReason(key: string, p: ParcelResult, props: Record<string, unknown>, lang: Lang): string {
  const needsArea = key !== 'supportFloorShare' && !(key === 'supportLandShare' && isMissing(props.supportLandM2));
  if (needsArea && (p.areaM2 === null || p.areaM2 <= 0)) return t(lang, 'reason.noArea');
  let inputs = INPUTS[key] ?? [];
  // Support-land share falls back to the floor share only when the measured land is missing.
  if (key === 'supportLandShare') inputs = isMissing(props.supportLandM2) ? inputs : ['supportLandM2'];
  const missing = inputs.filter((k) => isMissing(props[k]));
  if (key === 'supportLandShare' && missing.length > 0 && !missing.includes('supportLandM2')) missing.unshift('supportLandM2');
  if (missing.length > 0) return t(lang, 'reason.missing', { fields: missing.map((k) => fieldLabel(k, lang)).join(lang === 'zh' ? '、' : ', ') });
  if ((key === 'supportFloorShare' || key === 'supportLandShare') && props.floorAreaM2 === 0) return t(lang, 'reason.zero', { field: fieldLabel('floorAreaM2', lang) });
  return t(lang, 'check.missing');
}

function Value({ text, reason, testId, raw }: { text: string; reason?: string | null; testId?: string; raw?: number | null }) {
  return (
    <dd data-testid={testId} data-value={raw === undefined || raw === null ? undefined : String(raw)}>
      <span className={text === MISSING ? 'insp-missing' : undefined}>{text}</span>
      {text === MISSING && reason && <span className="insp-reason">{reason}</span>}
    </dd>
  );
}

function StatusChip({ status, lang }: { status: RuleCheck['status']; lang: Lang }) {
  return <span className={`chip chip-${status}`}>{t(lang, `check.${status}` as MessageKey)}</span>;
}

function Checks({ checks, lang }: { checks: RuleCheck[]; lang: Lang }) {
  return (
    <ul className="insp-checks" data-testid="inspector-checks">
      {checks.map((c) => (
        <li key={c.rule} className={`insp-check insp-check-${c.status}`} data-rule={c.rule} data-status={c.status}>
          <div className="insp-check-head">
            <span className="insp-check-name">{metricLabel(c.rule, lang)}</span>
            <StatusChip status={c.status} lang={lang} />
          </div>
          <div className="insp-check-figures">
            <span>
              <span className="muted">{t(lang, 'insp.value')} </span>
              <span data-testid={`check-value-${c.rule}`}>{formatMetric(c.rule, c.value, lang)}</span>
            </span>
            <span>
              <span className="muted">{t(lang, 'insp.threshold')} </span>
              <span data-testid={`check-threshold-${c.rule}`}>{formatThreshold(c, lang)}</span>
            </span>
          </div>
          {c.reason === 'no_park_class' && <div className="insp-reason">{t(lang, 'reason.no_park_class')}</div>}
          <div className="insp-source">{t(lang, 'insp.source')}：{c.source}</div>
        </li>
      ))}
    </ul>
  );
}

function ParcelSection({ p, props, planar, lang }: { p: ParcelResult; props: Record<string, unknown>; planar: PlanarArea | null; lang: Lang }) {
  const i = p.idle;
  const idleReason = i.isIdle === null ? t(lang, p.started ? 'reason.idleHalted' : 'reason.idleNotStarted') : null;
  return (
    <>
      <section className="insp-section">
        <h3>{t(lang, 'insp.metrics')}</h3>
        <dl className="insp-grid" data-testid="inspector-metrics">
          {planar ? <ProjectedAreas planar={planar} areaM2={p.areaM2} prefix="metric" lang={lang} /> : (
            <>
              <dt>{t(lang, 'metric.area')}</dt>
              <dd data-testid="metric-area" data-value={p.areaM2 ?? undefined}>
                <span className="insp-strong" data-testid="metric-areaMu">{formatArea(p.areaM2, 'mu', lang)}</span>
                <span className="insp-sub">
                  {formatArea(p.areaM2, 'ha', lang)} · {formatArea(p.areaM2, 'm2', lang)}
                </span>
                {p.areaM2 === null && <span className="insp-reason">{t(lang, 'reason.noArea')}</span>}
              </dd>
            </>
          )}
          {PARCEL_METRICS.map((k) => (
            <div key={k} className="insp-row">
              <dt>{metricLabel(k, lang)}</dt>
              <Value text={formatMetric(k, p[k], lang)} raw={p[k]} testId={`metric-${k}`} reason={p[k] === null ? missingReason(k, p, props, lang) : null} />
            </div>
          ))}
        </dl>
      </section>
      <section className="insp-section">
        <h3>{t(lang, 'insp.checks')}</h3>
        {p.landUse !== 'industrial' && <p className="insp-note">{t(lang, 'insp.noChecks')}</p>}
        <Checks checks={p.checks} lang={lang} />
      </section>
      <section className="insp-section" data-testid="inspector-idle">
        <h3>{t(lang, 'insp.idle')}</h3>
        <dl className="insp-grid">
          <dt>{t(lang, 'idle.finding')}</dt>
          <dd data-testid="idle-finding" data-idle={String(i.isIdle)}>
            <span className={`chip ${i.isIdle === true ? 'chip-fail' : i.isIdle === false ? 'chip-pass' : 'chip-missing'}`}>
              {t(lang, i.isIdle === true ? 'idle.yes' : i.isIdle === false ? 'idle.no' : 'idle.unknown')}
            </span>
            {p.approaching && <span className="chip chip-warn">{t(lang, 'idle.approaching')}</span>}
            {idleReason && <span className="insp-reason">{idleReason}</span>}
            {i.isIdle === false && i.basis === null && <span className="insp-reason">{t(lang, 'idle.noRoute')}</span>}
          </dd>
          {i.basis !== null && (
            <>
              <dt>{t(lang, 'idle.basis')}</dt>
              <dd data-testid="idle-basis">{t(lang, `basis.${i.basis}` as MessageKey)}</dd>
              <dt>{t(lang, 'idle.since')}</dt>
              <dd data-testid="idle-since">{i.since ?? MISSING}</dd>
              <dt>{t(lang, 'idle.years')}</dt>
              <dd data-testid="idle-years">{i.idleYears === null ? MISSING : t(lang, 'idle.yearsValue', { n: i.idleYears })}</dd>
              <dt>{t(lang, 'idle.idleOn')}</dt>
              <dd data-testid="idle-idleOn">{i.idleOn ?? MISSING}</dd>
              <dt>{t(lang, 'idle.reclaimOn')}</dt>
              <dd data-testid="idle-reclaimOn">{i.reclaimOn ?? MISSING}</dd>
            </>
          )}
          {i.disposal !== null && (
            <>
              <dt>{t(lang, 'idle.disposal')}</dt>
              <dd data-testid="idle-disposal" data-disposal={i.disposal}>{t(lang, `disposal.${i.disposal}` as MessageKey)}</dd>
              <dt>{t(lang, 'idle.fee')}</dt>
              <Value text={formatWan(i.feeWan, lang)} raw={i.feeWan} testId="idle-fee" reason={i.feeWan === null ? t(lang, 'reason.feeNoPrice') : null} />
            </>
          )}
          {i.clause !== null && (
            <>
              <dt>{t(lang, 'idle.clause')}</dt>
              <dd data-testid="idle-clause" className="insp-clause">{i.clause}</dd>
            </>
          )}
        </dl>
      </section>
    </>
  );
}

function AreaSection({ f, planar, lang }: { f: AreaFigures & { checks: RuleCheck[] }; planar: PlanarArea | null; lang: Lang }) {
  const landUses = [...LAND_USES, 'unknown' as const].filter((u) => f.landUseAreaM2[u] > 0);
  const rel = f.relocation.total;
  return (
    <>
      <section className="insp-section">
        <h3>{t(lang, 'insp.figures')}</h3>
        <dl className="insp-grid" data-testid="inspector-figures">
          {planar ? <ProjectedAreas planar={planar} areaM2={f.areaM2} prefix="figure" lang={lang} /> : (
            <>
              <dt>{t(lang, 'metric.area')}</dt>
              <dd data-testid="figure-area" data-value={f.areaM2 ?? undefined}>
                <span className="insp-strong">{formatArea(f.areaM2, 'mu', lang)}</span>
                <span className="insp-sub">{formatArea(f.areaM2, 'ha', lang)}</span>
              </dd>
            </>
          )}
          <dt>{t(lang, 'metric.parcelCount')}</dt>
          <dd>{t(lang, 'dash.parcelsValue', { n: formatNumber(f.parcelCount, lang, 0) })} · {formatArea(f.parcelAreaM2, 'mu', lang)}</dd>
          {(['builtCoverage', 'investmentIntensity', 'plotRatio', 'buildingCoverage', 'leadingIndustryShare'] as const).map((k) => (
            <div key={k} className="insp-row">
              <dt>{metricLabel(k, lang)}</dt>
              <Value text={formatMetric(k, f[k], lang)} raw={f[k]} testId={`figure-${k}`} reason={f[k] === null ? t(lang, 'check.missing') : null} />
            </div>
          ))}
          <dt>{t(lang, 'dash.idle')}</dt>
          <dd data-testid="figure-idle">
            {t(lang, 'dash.idleSummary', { n: f.idle.idleCount, area: formatArea(f.idle.idleAreaM2, 'mu', lang) })}
            <span className="insp-sub">{t(lang, 'dash.idleFees')} {formatWan(f.idle.feeWan, lang)}</span>
          </dd>
          <dt>{t(lang, 'dash.largeProjects')}</dt>
          <dd>{t(lang, 'dash.parcelsValue', { n: f.largeProjects.count })} · {formatArea(f.largeProjects.areaM2, 'mu', lang)}</dd>
          {rel.villages > 0 && (
            <>
              <dt>{t(lang, 'insp.relocation')}</dt>
              <dd>
                {rel.villages} · {t(lang, 'dash.col.households')} {formatNumber(rel.households, lang, 0)} · {t(lang, 'dash.col.population')} {formatNumber(rel.population, lang, 0)}
              </dd>
            </>
          )}
        </dl>
      </section>
      {f.checks.length > 0 && (
        <section className="insp-section">
          <h3>{t(lang, 'insp.checks')}</h3>
          <Checks checks={f.checks} lang={lang} />
        </section>
      )}
      {landUses.length > 0 && (
        <section className="insp-section">
          <h3>{t(lang, 'insp.landUseArea')}</h3>
          <dl className="insp-grid">
            {landUses.map((u) => (
              <div key={u} className="insp-row">
                <dt>{t(lang, `landUse.${u}` as MessageKey)}</dt>
                <dd>{formatNumber(m2ToMu(f.landUseAreaM2[u] as SquareMeters), lang, 1)} {lang === 'zh' ? '亩' : 'mu'}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </>
  );
}

function VillageSection({ v, planar, lang }: { v: VillageResult; planar: PlanarArea | null; lang: Lang }) {
  return (
    <section className="insp-section">
      <h3>{t(lang, 'insp.figures')}</h3>
      <dl className="insp-grid" data-testid="inspector-figures">
        {planar ? <ProjectedAreas planar={planar} areaM2={v.areaM2} prefix="figure" lang={lang} /> : (
          <>
            <dt>{t(lang, 'metric.area')}</dt>
            <dd data-testid="figure-area" data-value={v.areaM2 ?? undefined}>{areaMuHa(v.areaM2, lang)}</dd>
          </>
        )}
        <dt>{fieldLabel('status', lang)}</dt>
        <dd>{v.status ? t(lang, `relocationStatus.${v.status}` as MessageKey) : MISSING}</dd>
        <dt>{fieldLabel('households', lang)}</dt>
        <dd>{formatNumber(v.households, lang, 0)}</dd>
        <dt>{fieldLabel('population', lang)}</dt>
        <dd>{formatNumber(v.population, lang, 0)}</dd>
        <dt>{fieldLabel('resettlementUnits', lang)}</dt>
        <dd>{formatNumber(v.resettlementUnits, lang, 0)}</dd>
        <dt>{fieldLabel('targetYear', lang)}</dt>
        <dd>{v.targetYear === null ? MISSING : String(v.targetYear)}</dd>
      </dl>
    </section>
  );
}

/** The planar area of a feature of a layer read from Gauss-Kruger coordinates, in that zone (core computes it). */
interface PlanarArea {
  zone: GaussKrugerZone;
  m2: number | null;
}

/** An area in 亩, 公顷 and m², digits as 坐标TXT and land surveys write them (公顷 to 4, m² to 2). */
function AreaFigure({ m2, testId, lang }: { m2: number | null; testId: string; lang: Lang }) {
  return (
    <dd data-testid={testId} data-value={m2 ?? undefined}>
      <span className="insp-strong" data-testid={`${testId}Mu`}>{formatArea(m2, 'mu', lang, 2)}</span>
      <span className="insp-sub">{formatArea(m2, 'ha', lang, 4)} · {formatArea(m2, 'm2', lang, 2)}</span>
      {m2 === null && <span className="insp-reason">{t(lang, 'reason.noArea')}</span>}
    </dd>
  );
}

/**
 * DESIGN §7: a feature from a projected file shows both areas, labelled: planar in its zone (what the 坐标TXT header
 * and CAD report) and ellipsoidal (what every figure here uses). `areaM2` is core's ellipsoidal area.
 */
function ProjectedAreas({ planar, areaM2, prefix, lang }: { planar: PlanarArea; areaM2: number | null; prefix: 'metric' | 'figure'; lang: Lang }) {
  return (
    <>
      <dt title={t(lang, 'import.planarTitle')}>{t(lang, 'insp.planarArea', { width: planar.zone.width, zone: planar.zone.zone })}</dt>
      <AreaFigure m2={planar.m2} testId={`${prefix}-planarArea`} lang={lang} />
      <dt title={t(lang, 'import.ellipsoidalTitle')}>{t(lang, 'insp.ellipsoidalArea')}</dt>
      <AreaFigure m2={areaM2} testId={`${prefix}-area`} lang={lang} />
    </>
  );
}

function findFeature(layer: LoadedLayer | undefined, id: string): Feature | undefined {
  return layer?.data.features.find((f) => featureId(f) === id);
}

export function Inspector({ lang, selection, layer, evaluated, onClose, onZoom, onEditProperties, startEditing = false }: Props) {
  const featureKey = `${selection.layerId}\u0000${selection.featureId}`;
  const [editingFor, setEditingFor] = useState<string | null>(startEditing ? featureKey : null);
  useEffect(() => {
    if (startEditing) setEditingFor(featureKey);
  }, [startEditing, featureKey]);
  // Another tab holds the project: attributes are shown, not edited (issue 9).
  const readOnly = useTabAccess().mode === 'reader';
  const editing = editingFor === featureKey && onEditProperties !== undefined && !readOnly;
  const feature = findFeature(layer, selection.featureId);
  const props = (feature?.properties ?? {}) as Record<string, unknown>;
  const id = selection.featureId;
  const parcel: ParcelResult | undefined = layer?.kind === 'parcel' ? evaluated?.parcels.get(id) : undefined;
  const zoneResult: ZoneResult | undefined = layer?.kind === 'zone' ? evaluated?.zones.get(id) : undefined;
  const park: ParkResult | undefined = layer?.kind === 'park' ? evaluated?.parks.get(id) : undefined;
  const village: VillageResult | undefined = layer?.kind === 'relocation' ? evaluated?.villages.get(id) : undefined;
  const name = feature ? featureName(feature) : null;
  const failing = parcel?.checks.filter((c) => c.status === 'fail').length ?? 0;
  const subtitle = parcel?.enterprise ?? (zoneResult?.zoneType ? t(lang, `zoneType.${zoneResult.zoneType}` as MessageKey) : park?.parkClass ? t(lang, `parkClass.${park.parkClass}` as MessageKey) : null);
  const entries = Object.entries(props);
  // Read from Gauss-Kruger coordinates (坐标TXT, a projected Shapefile or GeoJSON): the planar area in that zone too.
  const zone = useMemo(() => sourceZoneOf(layer?.validated?.layer ?? layer?.data), [layer]);
  const geometry = feature?.geometry ?? null;
  const planar = useMemo<PlanarArea | null>(() => (zone && geometry ? { zone, m2: planarAreaInZoneM2(geometry, zone) } : null), [zone, geometry]);
  const shownPlanar = planar && planar.m2 !== null ? planar : null;

  return (
    <aside className="inspector" data-testid="inspector" data-feature-id={id} data-layer-id={selection.layerId} aria-label={t(lang, 'insp.title')}>
      <header className="insp-head">
        <div className="insp-kicker">{layer ? layer.title[lang] : t(lang, 'insp.title')}</div>
        <div className="insp-title-row">
          <h2 data-testid="inspector-name">{name ?? id}</h2>
          <button type="button" className="insp-close" onClick={onClose} aria-label={t(lang, 'insp.close')} title={t(lang, 'insp.close')} data-testid="inspector-close">
            ×
          </button>
        </div>
        <div className="insp-meta">
          <span className="insp-id" data-testid="inspector-id">{id}</span>
          {subtitle && <span>{subtitle}</span>}
          {parcel?.landUse && <span>{tMaybe(lang, `landUse.${parcel.landUse}`, parcel.landUse)}</span>}
        </div>
        <div className="insp-actions">
          {parcel && failing > 0 && <span className="chip chip-fail">{t(lang, 'table.flags')} {failing}</span>}
          {parcel?.idle.isIdle === true && parcel.idle.disposal && <span className="chip chip-fail">{t(lang, `disposal.${parcel.idle.disposal}` as MessageKey)}</span>}
          <button type="button" className="link-button" onClick={onZoom} disabled={!feature}>
            {t(lang, 'insp.zoomTo')}
          </button>
        </div>
      </header>
      <div className="insp-body">
        {!feature && <p className="insp-note">{t(lang, 'insp.notFound')}</p>}
        {parcel && <ParcelSection p={parcel} props={props} planar={shownPlanar} lang={lang} />}
        {(zoneResult || park) && <AreaSection f={(zoneResult ?? park)!} planar={shownPlanar} lang={lang} />}
        {village && <VillageSection v={village} planar={shownPlanar} lang={lang} />}
        {feature && (
          <section className="insp-section">
            <h3 className="insp-props-head">
              {t(lang, 'insp.properties')}
              {onEditProperties && !editing && (
                <button type="button" className="link-button" onClick={() => setEditingFor(featureKey)} disabled={readOnly} title={readOnly ? t(lang, 'tab.readOnlyReason') : undefined} data-testid="attr-edit">
                  {t(lang, 'attr.edit')}
                </button>
              )}
            </h3>
            {editing ? (
              <AttributeEditor
                key={featureKey}
                lang={lang}
                kind={layer?.kind ?? 'generic'}
                properties={props}
                onSave={(next) => {
                  const why = onEditProperties!(next);
                  if (why === null) setEditingFor(null);
                  return why;
                }}
                onCancel={() => setEditingFor(null)}
              />
            ) : entries.length === 0 ? (
              <p className="insp-note">{t(lang, 'insp.noProperties')}</p>
            ) : (
              <dl className="insp-grid insp-props" data-testid="inspector-properties">
                {entries.map(([k, v]) => (
                  <div key={k} className="insp-row" data-key={k}>
                    <dt title={k}>{fieldLabel(k, lang)}</dt>
                    <dd>{propertyText(k, v, lang)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>
        )}
      </div>
    </aside>
  );
}
