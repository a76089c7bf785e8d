// 五规合一 (issue 6, DESIGN §6): runs core's conflict check on the project's layers in a Web Worker (progress,
// cancel), lists the conflicts by type with core's counts and areas, draws them hatched on the map, opens one with
// the two features side by side, exports the polygons; a second mode compares two plans with a swipe.
// Every figure is core's (detectConflicts); the panel only sorts, groups and writes them.
import { useEffect, useMemo, useState } from 'react';
import { todayIso } from '../../core/dates';
import { CONFLICT_TYPES, DEFAULT_MIN_AREA_M2, type Conflict, type ConflictType } from '../../core/overlay/types';
import { formatProblem } from '../../core/schema/problems';
import type { ValidatedLayer } from '../../core/schema/validate';
import { KIND_STYLES, cssColor } from '../../map/layerStyle';
import { t, type Lang, type MessageKey } from '../i18n';
import { formatArea, formatNumber, formatPercent } from '../inspector/format';
import type { ToolPanelProps } from '../panels/types';
import { downloadBlob } from '../review/download';
import { useMapController, useMapSnapshot } from '../thematic/mapStore';
import { ConflictDetail } from './ConflictDetail';
import { CONFLICT_LAYER_ID, conflictRef, conflictsGeoJson } from './conflictLayer';
import { conflictStore, hasSubjects, sameLayers, useConflictRun } from './conflictStore';
import { missingInputs } from './features';
import { PlanSwipe } from './PlanSwipe';

type SortKey = 'area' | 'plan' | 'against';
/** Rows drawn per type before "show all" (a county's check can find thousands). */
const ROWS_PER_GROUP = 200;

const collator = new Intl.Collator('en', { numeric: true });
const COMPARE: Record<SortKey, (a: Conflict, b: Conflict) => number> = {
  area: (a, b) => b.areaM2 - a.areaM2 || collator.compare(a.plan, b.plan),
  plan: (a, b) => collator.compare(a.plan, b.plan) || collator.compare(a.against, b.against),
  against: (a, b) => collator.compare(a.against, b.against) || collator.compare(a.plan, b.plan),
};

/** The type's colour as the map hatches it (one source: src/map/layerStyle.ts). */
function TypeSwatch({ type }: { type: ConflictType }) {
  const c = KIND_STYLES.conflict.categories.find((x) => x.value === type);
  if (!c) return null;
  const line = cssColor(c.line);
  return (
    <span
      className="conflict-swatch"
      aria-hidden="true"
      style={{ borderColor: line, background: `repeating-linear-gradient(135deg, ${line} 0 1.5px, transparent 1.5px 5px), ${cssColor(c.fill)}` }}
    />
  );
}

const areaText = (m2: number, lang: Lang) => `${formatArea(m2, 'mu', lang)} · ${formatArea(m2, 'ha', lang)}`;

/** The min-area field: a number ≥ 0 (as `--min-area`), else null. */
function readMinArea(text: string): number | null {
  if (!/^\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(text)) return null;
  const v = Number(text);
  return Number.isFinite(v) && v >= 0 ? v : null;
}

export default function ConflictsPanel({ lang, project, layers, select }: ToolPanelProps) {
  const [mode, setMode] = useState<'list' | 'swipe'>('list');
  const run = useConflictRun();
  const controller = useMapController();
  const snapshot = useMapSnapshot();
  const validated = useMemo(() => (project?.layers ?? []).flatMap((l): ValidatedLayer[] => (l.validated ? [l.validated] : [])), [project]);
  const topLayerId = project?.layers[project.layers.length - 1]?.id ?? null;
  const checkable = hasSubjects(validated);
  const [minAreaText, setMinAreaText] = useState(() => String(conflictStore.get().minAreaM2 ?? DEFAULT_MIN_AREA_M2));
  const minArea = readMinArea(minAreaText);
  const [sort, setSort] = useState<SortKey>('area');
  const [selected, setSelected] = useState<number | null>(null);
  const [collapsed, setCollapsed] = useState<Set<ConflictType>>(new Set());
  const [showAll, setShowAll] = useState<Set<ConflictType>>(new Set());

  // A check of other layers (an import or a new project since) is stale: forget it rather than show it.
  const stale = run.layers !== null && !sameLayers(run.layers, validated);
  useEffect(() => {
    if (stale) conflictStore.clear();
  }, [stale]);
  // A result whose polygons are not on this map (the map was recreated) is drawn again.
  const result = run.status === 'done' && !stale ? run.result : null;
  const drawn = snapshot.layers.some((l) => l.id === CONFLICT_LAYER_ID);
  useEffect(() => {
    if (result && result.conflicts.length > 0 && !drawn && controller) conflictStore.republish();
  }, [result, drawn, controller]);
  useEffect(() => setSelected(null), [result]);

  // A type whose plan is not loaded was not checked: say so, never show it as "0 conflicts".
  const missing = useMemo(() => new Map(CONFLICT_TYPES.map((type) => [type, missingInputs(validated, type)])), [validated]);
  const missingText = (type: ConflictType) => {
    const list = missing.get(type) ?? [];
    if (list.length === 0) return null;
    const names = list.map((r) => t(lang, r.planType ? (`planType.${r.planType}` as MessageKey) : (`kind.${r.kind}` as MessageKey)));
    return t(lang, 'conflicts.missing', { names: names.join(lang === 'zh' ? '、' : ', ') });
  };

  const groups = useMemo(() => {
    const by = new Map<ConflictType, Array<{ i: number; c: Conflict }>>(CONFLICT_TYPES.map((type) => [type, []]));
    result?.conflicts.forEach((c, i) => by.get(c.type)!.push({ i, c }));
    for (const list of by.values()) list.sort((a, b) => COMPARE[sort](a.c, b.c));
    return by;
  }, [result, sort]);

  const start = () => {
    if (minArea === null || !checkable) return;
    conflictStore.run(validated, minArea, topLayerId);
  };

  const show = (i: number) => {
    setSelected(i);
    // The conflict polygon becomes the map's selection (the inspector, for a source feature, closes).
    select(null, false);
    if (!controller) return;
    controller.setLayerVisibility(CONFLICT_LAYER_ID, true);
    controller.setSelection(conflictRef(i));
    controller.zoomTo(conflictRef(i));
  };

  const exportGeoJson = () => {
    if (!result) return;
    downloadBlob([JSON.stringify(conflictsGeoJson(result), null, 2)], 'application/geo+json', t(lang, 'conflicts.file', { date: todayIso() }));
  };

  const running = run.status === 'running';
  const progress = run.progress;
  const pct = progress && progress.total > 0 ? (100 * progress.done) / progress.total : 0;

  return (
    <section className="conflicts-panel" data-testid="conflicts-panel" data-status={stale ? 'idle' : run.status} aria-labelledby="conflicts-title">
      <div className="panel-head">
        <h2 id="conflicts-title">{t(lang, 'conflicts.title')}</h2>
      </div>
      <div className="conflicts-modes" role="tablist">
        {(['list', 'swipe'] as const).map((m) => (
          <button key={m} type="button" role="tab" aria-selected={mode === m} className={mode === m ? 'active' : ''} onClick={() => setMode(m)} data-testid={`conflicts-mode-${m}`}>
            {t(lang, m === 'list' ? 'conflicts.mode.list' : 'conflicts.mode.swipe')}
          </button>
        ))}
      </div>

      {mode === 'swipe' ? (
        <PlanSwipe lang={lang} project={project} />
      ) : (
        <>
          <p className="review-hint conflicts-intro">{t(lang, 'conflicts.intro')}</p>
          <div className="conflicts-controls">
            <label className="review-field conflicts-min-area">
              <span>{t(lang, 'conflicts.minArea')}</span>
              <span className="review-inline">
                <input
                  type="text"
                  inputMode="decimal"
                  value={minAreaText}
                  onChange={(e) => setMinAreaText(e.currentTarget.value)}
                  aria-invalid={minArea === null}
                  disabled={running}
                  data-testid="conflicts-min-area"
                />
                {t(lang, 'conflicts.minAreaUnit')}
              </span>
              <span className="review-hint">{minArea === null ? t(lang, 'conflicts.minAreaInvalid') : t(lang, 'conflicts.minAreaHint')}</span>
            </label>
            <div className="conflicts-buttons">
              <button type="button" className="btn btn-primary" onClick={start} disabled={running || minArea === null || !checkable} data-testid="conflicts-run">
                {t(lang, result ? 'conflicts.rerun' : 'conflicts.run')}
              </button>
            </div>
          </div>
          {!checkable && <p className="conflicts-note" data-testid="conflicts-nothing">{t(lang, 'conflicts.noSubjects')}</p>}

          {running && (
            <div className="conflicts-running" role="status">
              <div
                className={progress ? 'conflicts-progress' : 'conflicts-progress is-indeterminate'}
                role="progressbar"
                aria-valuemin={0}
                aria-valuemax={progress?.total ?? undefined}
                aria-valuenow={progress?.done ?? undefined}
                data-done={progress?.done ?? ''}
                data-total={progress?.total ?? ''}
                data-testid="conflicts-progress"
              >
                <div className="conflicts-progress-bar" style={{ width: progress ? `${pct}%` : undefined }} />
              </div>
              <div className="conflicts-progress-row">
                <span className="conflicts-progress-text">
                  {progress
                    ? t(lang, 'conflicts.progress', { done: formatNumber(progress.done, lang, 0), total: formatNumber(progress.total, lang, 0), pct: formatPercent(progress.total > 0 ? progress.done / progress.total : 1, lang, 0) })
                    : t(lang, 'conflicts.preparing')}
                </span>
                <button type="button" className="btn" onClick={() => conflictStore.cancel()} data-testid="conflicts-cancel">
                  {t(lang, 'conflicts.cancel')}
                </button>
              </div>
            </div>
          )}
          {run.status === 'cancelled' && <p className="conflicts-note" data-testid="conflicts-cancelled">{t(lang, 'conflicts.cancelled')}</p>}
          {run.status === 'failed' && <p className="conflicts-error" role="alert" data-testid="conflicts-error">{t(lang, 'conflicts.failed', { message: run.error ?? '' })}</p>}
          {run.status === 'idle' && checkable && <p className="conflicts-note">{t(lang, 'conflicts.notRun')}</p>}

          {result && (
            <div className="conflicts-result" data-testid="conflicts-result" data-count={result.conflicts.length}>
              <div className="conflicts-summary">
                <strong data-testid="conflicts-total">{t(lang, 'conflicts.summary', { n: formatNumber(result.conflicts.length, lang, 0) })}</strong>
                {run.elapsedMs !== null && <span className="muted"> · {t(lang, 'conflicts.doneIn', { s: formatNumber(run.elapsedMs / 1000, lang, 1) })}</span>}
                <ul className="conflicts-facts">
                  <li data-testid="conflicts-dropped" data-count={result.droppedSlivers} data-min-area={result.minAreaM2}>
                    {t(lang, 'conflicts.dropped', { n: formatNumber(result.droppedSlivers, lang, 0), area: formatArea(result.minAreaM2, 'm2', lang, result.minAreaM2 < 1 && result.minAreaM2 > 0 ? 2 : 0) })}
                  </li>
                  <li data-testid="conflicts-skipped" data-count={result.skipped.length}>
                    {t(lang, 'conflicts.skipped', { n: formatNumber(result.skipped.length, lang, 0) })}
                    {result.skipped.length > 0 && (
                      <ul className="conflicts-skipped-list">
                        {result.skipped.map((s) => (
                          <li key={`${s.file}\u0000${s.id}`} data-testid="conflicts-skipped-feature" data-feature-id={s.id}>
                            <b>{s.id}</b> <span className="muted">{s.file}{s.codes.length > 0 ? ` · ${s.codes.join(', ')}` : ''}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                  {result.problems.length > 0 && (
                    <li>
                      <details className="conflicts-problems" data-testid="conflicts-problems" data-count={result.problems.length}>
                        <summary>{t(lang, 'conflicts.notes', { n: formatNumber(result.problems.length, lang, 0) })}</summary>
                        <ul>{result.problems.map((p, k) => <li key={k} className={p.severity === 'error' ? 'conflicts-error' : undefined}>{formatProblem(p, lang)}</li>)}</ul>
                      </details>
                    </li>
                  )}
                </ul>
              </div>
              <div className="conflicts-toolbar">
                <label className="conflicts-sort">
                  <span>{t(lang, 'conflicts.sort')}</span>
                  <select value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)} data-testid="conflicts-sort">
                    <option value="area">{t(lang, 'conflicts.sort.area')}</option>
                    <option value="plan">{t(lang, 'conflicts.sort.plan')}</option>
                    <option value="against">{t(lang, 'conflicts.sort.against')}</option>
                  </select>
                </label>
                <button type="button" className="btn" onClick={exportGeoJson} disabled={result.conflicts.length === 0} data-testid="conflicts-export-geojson">
                  {t(lang, 'conflicts.export')}
                </button>
                <button type="button" className="link-button" onClick={() => conflictStore.clear()} data-testid="conflicts-clear">
                  {t(lang, 'conflicts.clear')}
                </button>
              </div>
              {CONFLICT_TYPES.map((type) => {
                const list = groups.get(type) ?? [];
                const open = list.length > 0 && !collapsed.has(type);
                const rows = showAll.has(type) ? list : list.slice(0, ROWS_PER_GROUP);
                const total = result.totals[type];
                const notChecked = missingText(type);
                return (
                  <section key={type} className={`conflict-group${list.length === 0 ? ' is-empty' : ''}`} data-testid={`conflict-group-${type}`} data-count={list.length} data-area-m2={total} data-checked={notChecked === null}>
                    <button
                      type="button"
                      className="conflict-group-head"
                      aria-expanded={open}
                      disabled={list.length === 0}
                      onClick={() => setCollapsed((s) => { const n = new Set(s); if (n.has(type)) n.delete(type); else n.add(type); return n; })}
                    >
                      <TypeSwatch type={type} />
                      <span className="conflict-group-label">{t(lang, `conflictType.${type}` as MessageKey)}</span>
                      <span className="conflict-group-count" data-testid="conflict-group-count">
                        {notChecked !== null && list.length === 0 ? t(lang, 'conflicts.notChecked') : t(lang, 'conflicts.count', { n: formatNumber(list.length, lang, 0) })}
                      </span>
                      <span className="conflict-group-area" data-testid="conflict-group-area">{list.length > 0 ? areaText(total, lang) : '—'}</span>
                    </button>
                    <p className="conflict-group-rule">{t(lang, `conflictRule.${type}` as MessageKey)}</p>
                    {notChecked !== null && <p className="conflict-group-missing" data-testid="conflict-group-missing">{notChecked}</p>}
                    {open && (
                      <ol className="conflict-list">
                        {rows.map(({ i, c }) => (
                          <li key={i} className={selected === i ? 'is-selected' : undefined}>
                            <button
                              type="button"
                              className="conflict-item"
                              aria-pressed={selected === i}
                              title={t(lang, 'conflicts.itemTitle')}
                              onClick={() => show(i)}
                              data-testid="conflict-item"
                              data-type={c.type}
                              data-plan={c.plan}
                              data-against={c.against}
                              data-area-m2={c.areaM2}
                            >
                              <span className="ci-ids">
                                <span className="ci-plan">{c.plan}</span>
                                {/* outside_park is the parcel's part outside its park; the others are overlaps. */}
                                <span className="ci-sep">{t(lang, c.type === 'outside_park' ? 'conflicts.outside' : 'conflicts.with')}</span>
                                <span className="ci-against">{c.against}</span>
                              </span>
                              <span className="ci-area">{formatArea(c.areaM2, 'mu', lang)}</span>
                            </button>
                            {selected === i && (
                              <ConflictDetail lang={lang} conflict={c} layers={layers} onZoom={() => show(i)} onSelectFeature={(sel) => select(sel, true)} />
                            )}
                          </li>
                        ))}
                      </ol>
                    )}
                    {open && rows.length < list.length && (
                      <button type="button" className="link-button conflict-show-all" onClick={() => setShowAll((s) => new Set(s).add(type))}>
                        {t(lang, 'conflicts.showAll', { n: formatNumber(list.length, lang, 0) })}
                      </button>
                    )}
                  </section>
                );
              })}
            </div>
          )}
        </>
      )}
    </section>
  );
}
