// Park dashboard (lazy-loaded with chart.js): per park and per zone, core's figures as KPI cards, a land-use chart,
// idle land by disposal and village relocation by status. Every number is one core returned; here it is only written.
import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'react';
import type { ParkResult, ZoneResult } from '../../core/evaluate';
import type { RelocationTotals } from '../../core/metrics/aggregate';
import { LAND_USES, RELOCATION_STATUSES, type LandUse } from '../../core/schema/types';
import { m2ToMu, unitLabel, type SquareMeters } from '../../core/units';
import { KIND_STYLES } from '../../map/layerStyle';
import type { EvaluatedProject } from '../data/evaluation';
import { t, type Lang, type MessageKey } from '../i18n';
import { formatArea, formatMetric, formatNumber, formatThreshold, formatWan, metricLabel } from '../inspector/format';
import { ChartCanvas } from './ChartCanvas';

interface Props {
  lang: Lang;
  evaluated: EvaluatedProject | null;
  onClose: () => void;
}

type Scope = { kind: 'park'; r: ParkResult } | { kind: 'zone'; r: ZoneResult };

const LAND_USE_COLOURS: Record<LandUse | 'unknown', string> = {
  industrial: '#8d6e63', warehouse: '#a1887f', commercial: '#e57373', residential: '#f6c85f',
  public: '#ba68c8', road: '#90a4ae', green: '#66bb6a', other: '#bdbdbd', unknown: '#d0d4da',
};

/** The land-use colour the map uses, when its legend defines one; else the dashboard's own. */
function landUseColour(u: LandUse | 'unknown'): string {
  const f = KIND_STYLES.parcel.categories.find((c) => c.value === u)?.fill;
  return f && f.length >= 3 ? `rgb(${f[0]}, ${f[1]}, ${f[2]})` : LAND_USE_COLOURS[u];
}

function Kpi({ label, value, sub, testId, raw, tone }: { label: string; value: string; sub?: string; testId: string; raw?: number | null; tone?: 'pass' | 'fail' }) {
  return (
    <div className={`kpi${tone ? ` kpi-${tone}` : ''}`} data-testid={testId} data-value={raw === null || raw === undefined ? undefined : String(raw)}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">
        {/* "440.8 万元/亩": the number large, its unit small (the text stays core's value as formatted). */}
        {value.includes(' ') ? (
          <>
            {value.slice(0, value.indexOf(' '))}{' '}
            <span className="kpi-unit">{value.slice(value.indexOf(' ') + 1)}</span>
          </>
        ) : (
          value
        )}
      </div>
      {sub && <div className="kpi-sub">{sub}</div>}
    </div>
  );
}

function scopeLabel(s: Scope, lang: Lang): string {
  if (s.kind === 'park') return s.r.name ?? s.r.id;
  return s.r.zoneType ? t(lang, `zoneType.${s.r.zoneType}` as MessageKey) : (s.r.name ?? s.r.id);
}

export default function Dashboard({ lang, evaluated, onClose }: Props) {
  const scopes: Scope[] = useMemo(() => {
    const ev = evaluated?.evaluation;
    if (!ev) return [];
    return [...ev.parks.map((r) => ({ kind: 'park' as const, r })), ...ev.zones.map((r) => ({ kind: 'zone' as const, r }))];
  }, [evaluated]);
  const [scopeId, setScopeId] = useState<string | null>(null);
  const scope = scopes.find((s) => s.r.id === scopeId) ?? scopes[0];
  const mu = unitLabel('mu', lang);

  const chart = useMemo<ChartConfiguration<'bar'> | null>(() => {
    if (!scope) return null;
    const uses = [...LAND_USES, 'unknown' as const].filter((u) => scope.r.landUseAreaM2[u] > 0);
    return {
      type: 'bar',
      data: {
        labels: uses.map((u) => t(lang, `landUse.${u}` as MessageKey)),
        datasets: [
          {
            label: `${t(lang, 'metric.area')} (${mu})`,
            data: uses.map((u) => m2ToMu(scope.r.landUseAreaM2[u] as SquareMeters)),
            backgroundColor: uses.map(landUseColour),
            borderRadius: 3,
            barThickness: 16,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (c) => `${formatNumber(c.parsed.x, lang, 1)} ${mu}` } },
        },
        scales: {
          x: { grid: { color: '#eceff2' }, ticks: { callback: (v) => formatNumber(Number(v), lang, 0) } },
          y: { grid: { display: false }, ticks: { font: { size: 12.5 } } },
        },
      },
    };
  }, [scope, lang, mu]);

  if (!scope) {
    return (
      <div className="dashboard" data-testid="dashboard">
        <p className="panel-empty">{t(lang, 'dash.noPark')}</p>
      </div>
    );
  }

  const r = scope.r;
  const leading = r.checks.find((c) => c.rule === 'leadingIndustryShare');
  const idle = r.idle;
  const rel = r.relocation;
  const statuses = [...RELOCATION_STATUSES, ...(rel.byStatus.unknown.villages > 0 ? ['unknown' as const] : [])];
  const relRow = (label: string, x: RelocationTotals, key: string, strong = false) => (
    <tr key={key} className={strong ? 'total' : undefined} data-testid={`dash-relocation-${key}`}>
      <th scope="row">{label}</th>
      <td>{formatNumber(x.villages, lang, 0)}</td>
      <td>{formatNumber(x.households, lang, 0)}</td>
      <td>{formatNumber(x.population, lang, 0)}</td>
      <td>{formatNumber(x.resettlementUnits, lang, 0)}</td>
      <td>{formatNumber(x.areaMu, lang, 1)}</td>
    </tr>
  );
  const zonesOfPark = scope.kind === 'park' ? (evaluated?.evaluation.zones ?? []).filter((z) => z.park === r.id || z.park === null) : [];

  return (
    <div className="dashboard" data-testid="dashboard" data-scope={r.id}>
      <div className="dash-head">
        <div>
          <h2>{t(lang, 'dash.title')}</h2>
          <div className="dash-scope" role="tablist" aria-label={t(lang, 'dash.scope')}>
            {scopes.map((s) => (
              <button
                key={s.r.id}
                type="button"
                role="tab"
                aria-selected={s.r.id === r.id}
                className={s.r.id === r.id ? 'active' : ''}
                onClick={() => setScopeId(s.r.id)}
                data-testid={`dash-scope-${s.r.id}`}
              >
                {s.kind === 'park' ? `${t(lang, 'dash.wholePark')} · ${scopeLabel(s, lang)}` : scopeLabel(s, lang)}
              </button>
            ))}
          </div>
        </div>
        <button type="button" className="dash-close" onClick={onClose} data-testid="dashboard-close">
          {t(lang, 'dash.close')}
        </button>
      </div>

      <div className="kpis">
        <Kpi testId="kpi-area" raw={r.areaM2} label={t(lang, 'dash.area')} value={formatArea(r.areaM2, 'mu', lang, 1)} sub={formatArea(r.areaM2, 'ha', lang, 2)} />
        <Kpi
          testId="kpi-parcels"
          raw={r.parcelCount}
          label={t(lang, 'dash.parcels')}
          value={t(lang, 'dash.parcelsValue', { n: formatNumber(r.parcelCount, lang, 0) })}
          sub={t(lang, 'dash.parcelArea', { area: formatArea(r.parcelAreaM2, 'mu', lang, 1) })}
        />
        <Kpi testId="kpi-intensity" raw={r.investmentIntensity} label={t(lang, 'dash.intensity')} value={formatMetric('investmentIntensity', r.investmentIntensity, lang)} />
        <Kpi testId="kpi-plotRatio" raw={r.plotRatio} label={t(lang, 'dash.plotRatio')} value={formatMetric('plotRatio', r.plotRatio, lang)} />
        <Kpi testId="kpi-coverage" raw={r.buildingCoverage} label={t(lang, 'dash.coverage')} value={formatMetric('buildingCoverage', r.buildingCoverage, lang)} />
        <Kpi testId="kpi-builtCoverage" raw={r.builtCoverage} label={t(lang, 'dash.builtCoverage')} value={formatMetric('builtCoverage', r.builtCoverage, lang)} />
      </div>

      <div className="dash-grid">
        <section className="dash-card dash-leading" data-testid="dash-leading" data-value={r.leadingIndustryShare ?? undefined} data-status={leading?.status}>
          <h3>{t(lang, 'dash.leading')}</h3>
          <div className="leading-figure">
            <span className="kpi-value">{formatMetric('leadingIndustryShare', r.leadingIndustryShare, lang)}</span>
            {leading && (
              <span className={`chip chip-${leading.status}`}>
                {leading.status === 'pass' ? t(lang, 'dash.meets') : leading.status === 'fail' ? t(lang, 'dash.below') : t(lang, `check.${leading.status}` as MessageKey)}
              </span>
            )}
          </div>
          <div className="meter" aria-hidden="true">
            <div className={`meter-fill${leading?.status === 'fail' ? ' fail' : ''}`} style={{ width: `${Math.min(100, (r.leadingIndustryShare ?? 0) * 100)}%` }} />
            {leading?.threshold != null && <div className="meter-mark" style={{ left: `${leading.threshold * 100}%` }} />}
          </div>
          {leading && <div className="kpi-sub">{t(lang, 'dash.target', { op: formatThreshold(leading, lang).split(' ')[0], value: formatMetric('leadingIndustryShare', leading.threshold, lang) })}</div>}
          <dl className="dash-dl">
            {scope.kind === 'park' && scope.r.leadingIndustries && scope.r.leadingIndustries.length > 0 && (
              <>
                <dt>{t(lang, 'dash.leadingIndustries')}</dt>
                <dd>{scope.r.leadingIndustries.join(lang === 'zh' ? '、' : ', ')}</dd>
              </>
            )}
            <dt>{t(lang, 'dash.leadingArea')}</dt>
            <dd>{formatArea(r.leadingIndustryAreaM2, 'mu', lang, 1)}</dd>
            <dt>{t(lang, 'dash.industrialArea')}</dt>
            <dd>{formatArea(r.industrialAreaM2, 'mu', lang, 1)}</dd>
            {r.leadingIndustryUnknownAreaM2 > 0 && (
              <>
                <dt>{t(lang, 'dash.leadingUnknown')}</dt>
                <dd>{formatArea(r.leadingIndustryUnknownAreaM2, 'mu', lang, 1)}</dd>
              </>
            )}
          </dl>
          {leading && <div className="dash-source">{t(lang, 'insp.source')}：{leading.source}</div>}
        </section>

        <section className="dash-card dash-landuse">
          <h3>{t(lang, 'dash.landUse')}</h3>
          {chart && <ChartCanvas config={chart} height={Math.max(150, chart.data.labels!.length * 26 + 30)} label={t(lang, 'dash.landUse')} testId="dash-landuse-chart" />}
        </section>

        <section className="dash-card dash-idle" data-testid="dash-idle">
          <h3>{t(lang, 'dash.idle')}</h3>
          <div className="idle-headline">
            <div data-testid="dash-idle-count" data-value={idle.idleCount}>
              <span className="kpi-value">{formatNumber(idle.idleCount, lang, 0)}</span>
              <span className="kpi-unit">{lang === 'zh' ? '宗' : 'parcels'}</span>
            </div>
            <div data-testid="dash-idle-area" data-value={idle.idleAreaM2}>
              <span className="kpi-value">{formatNumber(idle.idleAreaMu, lang, 1)}</span>
              <span className="kpi-unit">{mu}</span>
            </div>
            <div data-testid="dash-idle-fee" data-value={idle.feeWan}>
              <span className="kpi-value">{formatWan(idle.feeWan, lang)}</span>
              <span className="kpi-unit">{t(lang, 'dash.idleFees')}</span>
            </div>
          </div>
          <table className="dash-table">
            <thead>
              <tr>
                <th>{t(lang, 'dash.col.disposal')}</th>
                <th>{t(lang, 'dash.col.count')}</th>
                <th>{t(lang, 'dash.col.area')}</th>
                <th>{t(lang, 'dash.col.fee')}</th>
              </tr>
            </thead>
            <tbody>
              {(['fee', 'reclaim', 'negotiate'] as const).map((d) => (
                <tr key={d} data-testid={`dash-idle-row-${d}`} data-count={idle.byDisposal[d].count}>
                  <th scope="row">
                    <span className={`dot dot-${d}`} />
                    {t(lang, `disposal.${d}` as MessageKey)}
                  </th>
                  <td>{formatNumber(idle.byDisposal[d].count, lang, 0)}</td>
                  <td>{formatNumber(idle.byDisposal[d].areaMu, lang, 1)}</td>
                  <td>{formatWan(idle.byDisposal[d].feeWan, lang)}</td>
                </tr>
              ))}
              <tr className="total">
                <th scope="row">{t(lang, 'dash.total')}</th>
                <td>{formatNumber(idle.idleCount, lang, 0)}</td>
                <td>{formatNumber(idle.idleAreaMu, lang, 1)}</td>
                <td>{formatWan(idle.feeWan, lang)}</td>
              </tr>
            </tbody>
          </table>
          <ul className="dash-notes">
            {idle.approachingCount > 0 && <li>{t(lang, 'dash.approaching', { n: idle.approachingCount })} · {formatArea(idle.approachingAreaM2, 'mu', lang, 1)}</li>}
            {idle.unknownCount > 0 && <li>{t(lang, 'dash.idleUnknown', { n: idle.unknownCount })}</li>}
            {idle.feeUnknownCount > 0 && <li>{t(lang, 'dash.feeUnknown', { n: idle.feeUnknownCount })}</li>}
            <li>
              {t(lang, 'dash.largeProjects')}：{t(lang, 'dash.parcelsValue', { n: r.largeProjects.count })} · {formatArea(r.largeProjects.areaM2, 'mu', lang, 1)}
            </li>
          </ul>
        </section>

        <section className="dash-card dash-relocation" data-testid="dash-relocation">
          <h3>{t(lang, 'dash.relocation')}</h3>
          <table className="dash-table">
            <thead>
              <tr>
                <th>{t(lang, 'dash.col.status')}</th>
                <th>{t(lang, 'dash.col.villages')}</th>
                <th>{t(lang, 'dash.col.households')}</th>
                <th>{t(lang, 'dash.col.population')}</th>
                <th>{t(lang, 'dash.col.units')}</th>
                <th>{t(lang, 'dash.col.freed')}</th>
              </tr>
            </thead>
            <tbody>
              {statuses.map((s) => relRow(t(lang, `relocationStatus.${s}` as MessageKey), rel.byStatus[s], s))}
              {relRow(t(lang, 'dash.total'), rel.total, 'total', true)}
            </tbody>
          </table>
          {rel.total.incomplete > 0 && <p className="dash-notes">{t(lang, 'dash.incomplete', { n: rel.total.incomplete })}</p>}
        </section>

        {zonesOfPark.length > 0 && (
          <section className="dash-card dash-zones" data-testid="dash-zones">
            <h3>{t(lang, 'kind.zone')}</h3>
            <table className="dash-table">
              <thead>
                <tr>
                  <th>{t(lang, 'field.zoneType')}</th>
                  <th>{t(lang, 'dash.col.area')}</th>
                  <th>{metricLabel('investmentIntensity', lang)}</th>
                  <th>{metricLabel('plotRatio', lang)}</th>
                  <th>{metricLabel('buildingCoverage', lang)}</th>
                  <th>{metricLabel('leadingIndustryShare', lang)}</th>
                  <th>{t(lang, 'dash.idle')}</th>
                </tr>
              </thead>
              <tbody>
                {zonesOfPark.map((z) => {
                  const c = z.checks.find((x) => x.rule === 'leadingIndustryShare');
                  return (
                    <tr key={z.id}>
                      <th scope="row">
                        <button type="button" className="link-button" onClick={() => setScopeId(z.id)}>
                          {scopeLabel({ kind: 'zone', r: z }, lang)}
                        </button>
                      </th>
                      <td>{formatNumber(z.areaMu, lang, 1)}</td>
                      <td>{formatMetric('investmentIntensity', z.investmentIntensity, lang)}</td>
                      <td>{formatMetric('plotRatio', z.plotRatio, lang)}</td>
                      <td>{formatMetric('buildingCoverage', z.buildingCoverage, lang)}</td>
                      <td className={c?.status === 'fail' ? 'bad' : undefined}>{formatMetric('leadingIndustryShare', z.leadingIndustryShare, lang)}</td>
                      <td>{formatNumber(z.idle.idleCount, lang, 0)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        )}
      </div>
    </div>
  );
}
