// 闲置与低效用地审查 (issue 5): the land bureau's queue, most urgent first, with core's counts and 亩 per group; one
// parcel's case with its decision form, audit trail and notice drafts; the register workbook and the decisions file.
// Every figure comes from core (reviewItems/queueOf, buildCaseView, writeRegisterXlsx); the panel only shows them.
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { readDate, todayIso, type IsoDate } from '../../core/dates';
import { parseJsonText } from '../../core/io/geojson';
import { buildCaseView, parcelRecordIndex } from '../../core/review/case';
import { decisionsToJson, readDecisions, type DecisionState } from '../../core/review/decisions';
import { DISPOSAL_LABELS } from '../../core/review/labels';
import type { NoticeKind } from '../../core/review/notice';
import { describeReason, GROUP_LABELS, queueOf, reviewItems, REVIEW_GROUPS, type QueueFilter, type ReviewGroup, type ReviewItem } from '../../core/review/queue';
import type { Disposal } from '../../core/rules/idle';
import { formatProblem } from '../../core/schema/problems';
import type { ValidatedLayer } from '../../core/schema/validate';
import type { ToolPanelProps } from '../panels/types';
import { t, tMaybe, type Lang, type MessageKey } from '../i18n';
import { formatNumber, MISSING } from '../inspector/format';
import { Determination, Efficiency, Facts } from './CaseDetails';
import { DecisionPanel } from './DecisionPanel';
import { downloadBlob, downloadJson, XLSX_TYPE } from './download';
import { NoticeDialog } from './NoticeDialog';
import { dateWithDays, decisionKindText } from './text';
import { StorageBanner } from './StorageBanner';
import { useDecisions } from './useDecisions';
import { useTabAccess } from '../project/useTabLock';

/** Rows drawn per group before "show all" (a county's queue can hold thousands). */
const ROWS_PER_GROUP = 100;
const MAX_HORIZON_DAYS = 3650;

interface Filters {
  park: string;
  zone: string;
  disposal: Disposal | '';
  enterprise: string;
  decided: '' | 'open' | 'decided';
}
const NO_FILTERS: Filters = { park: '', zone: '', disposal: '', enterprise: '', decided: '' };

const muText = (mu: number | null, lang: Lang) => (mu === null ? MISSING : `${formatNumber(mu, lang, 2)} ${lang === 'zh' ? '亩' : 'mu'}`);

/** When the item is due, in the words of its group. */
function dueText(item: ReviewItem, lang: Lang): string | null {
  if (item.dueOn === null) return null;
  // reclaim: dueOn is the second anniversary; every other group's dueOn is the first (DESIGN §5.2).
  const mark = item.group === 'reclaim' ? 'review.due.reclaim' : 'review.due.idle';
  return `${t(lang, mark)} ${dateWithDays(item.dueOn, item.daysUntilDue, lang)}`;
}

function GroupCards({ lang, groups, onJump }: { lang: Lang; groups: ReturnType<typeof queueOf>['groups']; onJump: (g: ReviewGroup) => void }) {
  return (
    <div className="review-groups" data-testid="review-groups">
      {REVIEW_GROUPS.map((g) => {
        const total = groups[g];
        return (
          <button
            key={g}
            type="button"
            className={`review-group-card review-group-${g}${total.count === 0 ? ' is-empty' : ''}`}
            onClick={() => onJump(g)}
            disabled={total.count === 0}
            data-testid={`review-group-${g}`}
            data-count={total.count}
            data-area-mu={total.areaMu}
            title={t(lang, `review.groupHint.${g}` as MessageKey)}
          >
            <span className="review-group-label">{GROUP_LABELS[lang][g]}</span>
            <span className="review-group-count">{t(lang, 'review.count', { n: total.count })}</span>
            <span className="review-group-area">
              {muText(total.areaMu, lang)}
              {total.areaUnknown > 0 && ` ${t(lang, 'review.areaUnknown', { n: total.areaUnknown })}`}
            </span>
          </button>
        );
      })}
    </div>
  );
}

function QueueRow({ item, lang, selected, onOpen }: { item: ReviewItem; lang: Lang; selected: boolean; onOpen: () => void }) {
  const due = dueText(item, lang);
  return (
    <li>
      <button
        type="button"
        className={`review-item review-item-${item.group}${selected ? ' is-selected' : ''}`}
        onClick={onOpen}
        aria-current={selected ? 'true' : undefined}
        data-testid="review-item"
        data-parcel-id={item.parcelId}
        data-group={item.group}
      >
        <span className="review-item-top">
          <span className="review-item-id">{item.parcelId}</span>
          <span className="review-item-name">{item.name ?? MISSING}</span>
          <span className="review-item-area">{muText(item.areaMu, lang)}</span>
        </span>
        <span className="review-item-meta">
          <span>{item.enterprise ?? MISSING}</span>
          {due && <span className={item.daysUntilDue !== null && item.daysUntilDue < 0 ? 'review-overdue' : undefined}>{due}</span>}
        </span>
        <span className="review-item-reasons">
          {item.reasons.map((r, i) => (
            <span key={i} className={`review-reason review-reason-${r.kind}`}>{describeReason(r, lang)}</span>
          ))}
        </span>
        {item.decision && (
          <span className="review-item-decision" data-testid="review-item-decision" data-kind={item.decision.kind}>
            {t(lang, 'review.decided', { kind: decisionKindText(item.decision, lang), date: item.decision.date })}
          </span>
        )}
      </button>
    </li>
  );
}

interface ImportReading {
  file: string;
  problems: string[];
  state: DecisionState | null;
}

export default function ReviewPanel(props: ToolPanelProps) {
  const { lang, project, evaluated, reviewDate, setReviewDate, approachingDays, setApproachingDays, projectKey, selection, select } = props;
  const store = useDecisions(projectKey);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const enterprise = useDeferredValue(filters.enterprise);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [showAll, setShowAll] = useState<Partial<Record<ReviewGroup, boolean>>>({});
  const [notice, setNotice] = useState<NoticeKind | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const [importing, setImporting] = useState<ImportReading | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const importInput = useRef<HTMLInputElement | null>(null);
  const sections = useRef<Partial<Record<ReviewGroup, HTMLElement | null>>>({});
  const root = useRef<HTMLDivElement | null>(null);

  // The review date and horizon as typed; the shell's values change only when what is typed is valid.
  const [dateDraft, setDateDraft] = useState(reviewDate ?? '');
  useEffect(() => setDateDraft(reviewDate ?? ''), [reviewDate]);
  const [daysDraft, setDaysDraft] = useState(String(approachingDays));
  useEffect(() => setDaysDraft(String(approachingDays)), [approachingDays]);
  const daysValid = /^\d+$/.test(daysDraft.trim()) && Number(daysDraft) <= MAX_HORIZON_DAYS;

  const validated = useMemo(() => (project?.layers ?? []).flatMap((l): ValidatedLayer[] => (l.validated ? [l.validated] : [])), [project]);
  const records = useMemo(() => parcelRecordIndex(validated), [validated]);
  /** The map layer of each parcel file (core names a parcel's file as evaluate did). */
  const parcelLayers = useMemo(() => {
    const byFile = new Map<string, string>();
    for (const l of project?.layers ?? []) if (l.kind === 'parcel' && l.validated) byFile.set(l.validated.layer.name ?? 'parcel', l.id);
    return byFile;
  }, [project]);
  const parcelLayerIds = useMemo(() => new Set(parcelLayers.values()), [parcelLayers]);

  const filter: QueueFilter = useMemo(() => ({
    parks: filters.park ? [filters.park] : undefined,
    zones: filters.zone ? [filters.zone] : undefined,
    disposals: filters.disposal ? [filters.disposal] : undefined,
    enterprise: enterprise || undefined,
    decided: filters.decided === '' ? undefined : filters.decided === 'decided',
  }), [filters.park, filters.zone, filters.disposal, filters.decided, enterprise]);

  const evaluation = evaluated?.evaluation ?? null;
  // Items once per evaluation (100k parcels: a quarter second); a filter or a decision only re-joins and re-counts.
  const precomputed = evaluated?.reviewItems ?? null;
  const items = useMemo(() => precomputed ?? (evaluation ? reviewItems(evaluation, { includeUndetermined: true }) : null), [precomputed, evaluation]);
  const queue = useMemo(() => (items ? queueOf(items, { filter, decisions: store.state }) : null), [items, filter, store.state]);
  const view = useMemo(
    () => (evaluation && caseId ? buildCaseView(evaluation, caseId, records, store.state) : null),
    [evaluation, caseId, records, store.state],
  );

  // A parcel selected elsewhere (map click, table row) opens its case here; only a new selection does, so going back
  // to the list and then changing the review date (a new evaluation) keeps the list.
  const evaluatedRef = useRef(evaluated);
  evaluatedRef.current = evaluated;
  useEffect(() => {
    if (selection && parcelLayerIds.has(selection.layerId) && evaluatedRef.current?.parcels.has(selection.featureId)) {
      setCaseId(selection.featureId);
      setNotice(null);
    }
  }, [selection, parcelLayerIds]);

  // A case opens at its top (the list may have been scrolled far down), and going back returns to the list's top.
  useEffect(() => {
    const scroller = root.current?.closest('.sidebar');
    if (scroller) scroller.scrollTop = 0;
  }, [caseId]);

  const parkName = (id: string | null) => (id === null ? null : evaluated?.parks.get(id)?.name ?? id);
  const zoneName = (id: string | null) => {
    if (id === null) return null;
    const z = evaluated?.zones.get(id);
    return z?.name ?? (z?.zoneType ? tMaybe(lang, `zoneType.${z.zoneType}`, id) : id);
  };

  const open = (parcelId: string) => {
    const p = evaluated?.parcels.get(parcelId);
    const layerId = (p && parcelLayers.get(p.file)) ?? [...parcelLayerIds][0];
    setCaseId(parcelId);
    setNotice(null);
    if (layerId) select({ layerId, featureId: parcelId }, true);
  };

  // Another tab holds the project: importing decisions (a write) waits for "Edit here".
  const tabReadOnly = useTabAccess().mode === 'reader';
  const stamp = () => todayIso();
  const downloadDecisions = () => downloadJson(decisionsToJson(store.state), t(lang, 'review.file.decisions', { date: stamp() }));

  async function exportRegister() {
    if (!evaluation) return;
    setExporting(true);
    setExportError(null);
    try {
      // exceljs is large: it is fetched only when a workbook is asked for.
      const { writeRegisterXlsx } = await import('../../core/io/xlsx');
      // 五规合一: the panel's last check of these layers, else one run now for a small project (else "not run").
      const { conflictRowsForRegister } = await import('../conflicts/registerRows');
      const conflicts = await conflictRowsForRegister(validated);
      const bytes = await writeRegisterXlsx({ evaluation, layers: validated, decisions: store.state, conflicts, locale: lang, ruleSet: project?.rules });
      downloadBlob([bytes as Uint8Array<ArrayBuffer>], XLSX_TYPE, t(lang, 'review.file.register', { date: evaluation.reviewDate }));
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  }

  async function readImport(file: File) {
    setImportError(null);
    const text = await file.text();
    const json = parseJsonText(text, file.name);
    if (!json.ok) {
      setImporting({ file: file.name, problems: json.problems.map((p) => formatProblem(p, lang)), state: null });
      return;
    }
    const reading = readDecisions(json.value, file.name);
    setImporting({ file: file.name, problems: reading.problems.map((p) => formatProblem(p, lang)), state: reading.state });
  }

  async function confirmImport() {
    if (!importing?.state) return;
    try {
      await store.replace(importing.state);
      setImporting(null);
    } catch (e) {
      setImportError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
  }

  if (!project || !evaluated || !queue) {
    return <div className="panel-empty" data-testid="review-panel">{t(lang, project ? 'review.noParcels' : 'status.loading')}</div>;
  }
  if (parcelLayers.size === 0) {
    return <div className="panel-empty" data-testid="review-panel">{t(lang, 'review.noParcels')}</div>;
  }

  const projectDate = project.reviewDate ?? todayIso();
  const index = view ? queue.items.findIndex((i) => i.parcelId === view.parcelId) : -1;
  const parcel = view ? evaluated.parcels.get(view.parcelId) ?? null : null;
  const setFilter = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));

  return (
    <div ref={root} className="review-panel" data-testid="review-panel" data-ready={store.status !== 'loading'} data-review-date={queue.reviewDate}>
      <div className="panel-head">
        <h2>{t(lang, 'review.title')}</h2>
        <span className="review-head-note">{t(lang, 'review.totalLine', { n: queue.total.count, area: muText(queue.total.areaMu, lang) })}</span>
      </div>

      <div className="review-controls">
        <label className="review-field">
          <span>{t(lang, 'review.reviewDate')}</span>
          <input
            type="date"
            value={dateDraft}
            onChange={(e) => {
              const v = e.target.value;
              setDateDraft(v);
              const r = readDate(v);
              if (r.status === 'ok' && r.date === v) setReviewDate(v as IsoDate);
            }}
            onBlur={() => setDateDraft(reviewDate ?? '')}
            data-testid="review-date"
          />
          {reviewDate !== projectDate && (
            <button type="button" className="link-button" onClick={() => setReviewDate(null)} data-testid="review-date-reset">
              {t(lang, 'review.reviewDateReset', { date: projectDate })}
            </button>
          )}
        </label>
        <label className="review-field">
          <span>{t(lang, 'review.horizon')}</span>
          <span className="review-inline">
            <input
              type="number"
              min={0}
              max={MAX_HORIZON_DAYS}
              step={1}
              value={daysDraft}
              onChange={(e) => {
                const v = e.target.value;
                setDaysDraft(v);
                if (/^\d+$/.test(v.trim()) && Number(v) <= MAX_HORIZON_DAYS) setApproachingDays(Number(v));
              }}
              onBlur={() => setDaysDraft(String(approachingDays))}
              data-testid="review-horizon"
              aria-invalid={!daysValid}
            />
            {t(lang, 'review.days')}
          </span>
          {!daysValid && <span className="review-field-error">{t(lang, 'review.horizonInvalid', { max: MAX_HORIZON_DAYS })}</span>}
        </label>
      </div>
      <p className="review-hint review-controls-hint">{t(lang, 'review.reviewDateHint')}</p>

      <StorageBanner lang={lang} store={store} onDownload={downloadDecisions} testId="review-storage" />
      {store.loadProblems.length > 0 && (
        <div className="review-banner" role="status" data-testid="review-load-problems">
          <b>{t(lang, 'review.storage.damaged')}</b>
          <ul>{store.loadProblems.map((p, i) => <li key={i}>{p}</li>)}</ul>
        </div>
      )}

      <div className="review-actions">
        <button type="button" className="btn btn-primary" onClick={() => void exportRegister()} disabled={exporting} data-testid="export-register">
          {t(lang, exporting ? 'review.exporting' : 'review.exportRegister')}
        </button>
        <button type="button" className="btn" onClick={downloadDecisions} data-testid="decisions-export" title={t(lang, 'review.exportDecisionsHint')}>
          {t(lang, 'review.exportDecisions')}
        </button>
        <button type="button" className="btn" onClick={() => importInput.current?.click()} disabled={tabReadOnly} data-testid="decisions-import" title={tabReadOnly ? t(lang, 'tab.readOnlyReason') : t(lang, 'review.importDecisionsHint')}>
          {t(lang, 'review.importDecisions')}
        </button>
        <input
          ref={importInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="decisions-import-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void readImport(f);
          }}
        />
      </div>
      {exportError && <div className="review-banner review-banner-danger" role="alert">{t(lang, 'review.exportFailed', { message: exportError })}</div>}

      {importing && (
        <div className="review-banner" role="alertdialog" aria-labelledby="review-import-title" data-testid="decisions-import-box">
          <b id="review-import-title">{t(lang, 'review.import.title', { file: importing.file })}</b>
          {importing.problems.length > 0 && (
            <ul className="review-problems" data-testid="decisions-import-problems">
              {importing.problems.map((p, i) => <li key={i}>{p}</li>)}
            </ul>
          )}
          {importing.state ? (
            <>
              <p>
                {t(lang, 'review.import.confirm', {
                  decisions: importing.state.decisions.length, entries: importing.state.audit.length,
                  current: store.state.decisions.length, currentEntries: store.state.audit.length,
                })}
              </p>
              {store.pendingCount > 0 && <p className="review-field-error">{t(lang, 'review.import.pending', { n: store.pendingCount })}</p>}
              {importError && <p className="review-field-error" role="alert">{t(lang, 'review.import.failed', { message: importError })}</p>}
              <div className="review-form-actions">
                <button type="button" className="btn btn-primary" onClick={() => void confirmImport()} data-testid="decisions-import-confirm">{t(lang, 'review.import.replace')}</button>
                <button type="button" className="btn" onClick={downloadDecisions}>{t(lang, 'review.import.backup')}</button>
                <button type="button" className="btn" onClick={() => setImporting(null)} data-testid="decisions-import-cancel">{t(lang, 'review.import.cancel')}</button>
              </div>
            </>
          ) : (
            <>
              <p>{t(lang, 'review.import.unusable')}</p>
              <div className="review-form-actions">
                <button type="button" className="btn" onClick={() => setImporting(null)} data-testid="decisions-import-cancel">{t(lang, 'review.import.close')}</button>
              </div>
            </>
          )}
        </div>
      )}

      {view && parcel ? (
        <div className="review-case" data-testid="review-case" data-parcel-id={view.parcelId}>
          <div className="review-case-nav">
            <button type="button" className="link-button" onClick={() => setCaseId(null)} data-testid="review-back">
              ← {t(lang, 'review.back')}
            </button>
            {index >= 0 && (
              <span className="review-case-pager">
                <button type="button" className="link-button" disabled={index <= 0} onClick={() => open(queue.items[index - 1].parcelId)} data-testid="review-prev">{t(lang, 'review.prev')}</button>
                <span className="muted">{index + 1} / {queue.items.length}</span>
                <button type="button" className="link-button" disabled={index >= queue.items.length - 1} onClick={() => open(queue.items[index + 1].parcelId)} data-testid="review-next">{t(lang, 'review.next')}</button>
              </span>
            )}
          </div>
          <div className="insp-head review-case-head">
            <div className="insp-kicker">{t(lang, 'review.case.kicker')}</div>
            <h2 className="review-case-title">
              <span className="insp-id">{view.parcelId}</span> {view.name ?? ''}
            </h2>
            <div className="insp-meta">
              <span>{view.enterprise ?? MISSING}</span>
              <span>{[parkName(view.park), zoneName(view.zone)].filter(Boolean).join(' · ') || MISSING}</span>
              <span>{muText(view.areaMu, lang)}{view.areaM2 !== null && (lang === 'zh' ? `（${formatNumber(view.areaM2, lang, 0)} 平方米）` : ` (${formatNumber(view.areaM2, lang, 0)} m²)`)}</span>
            </div>
            <div className="review-case-notices">
              <button type="button" className="btn" onClick={() => setNotice('investigation')} disabled={view.determination.basis === null && view.determination.isIdle !== null} data-testid="notice-investigation">
                {t(lang, 'review.notice.investigation')}
              </button>
              <button type="button" className="btn" onClick={() => setNotice('determination')} disabled={view.determination.isIdle !== true} data-testid="notice-determination">
                {t(lang, 'review.notice.determination')}
              </button>
              {view.determination.isIdle !== true && <span className="review-hint">{t(lang, 'review.notice.onlyIdle')}</span>}
            </div>
          </div>
          <Determination lang={lang} view={view} />
          <Facts lang={lang} view={view} />
          <Efficiency lang={lang} view={view} />
          <DecisionPanel key={view.parcelId} lang={lang} view={view} idle={parcel.idle} store={store} onDownload={downloadDecisions} />
          {notice && (
            <NoticeDialog key={lang} lang={lang} view={view} initialKind={notice} parkName={parkName(view.park)} zoneName={zoneName(view.zone)} onClose={() => setNotice(null)} />
          )}
        </div>
      ) : (
        <>
          <div className="review-filters" data-testid="review-filters">
            <label className="review-field">
              <span>{t(lang, 'review.filter.park')}</span>
              <select value={filters.park} onChange={(e) => setFilter('park', e.target.value)} data-testid="review-filter-park">
                <option value="">{t(lang, 'review.filter.all')}</option>
                {queue.facets.parks.map((p) => <option key={p} value={p}>{parkName(p)}</option>)}
              </select>
            </label>
            <label className="review-field">
              <span>{t(lang, 'review.filter.zone')}</span>
              <select value={filters.zone} onChange={(e) => setFilter('zone', e.target.value)} data-testid="review-filter-zone">
                <option value="">{t(lang, 'review.filter.all')}</option>
                {queue.facets.zones.map((z) => <option key={z} value={z}>{zoneName(z)}</option>)}
              </select>
            </label>
            <label className="review-field">
              <span>{t(lang, 'review.filter.disposal')}</span>
              <select value={filters.disposal} onChange={(e) => setFilter('disposal', e.target.value as Disposal | '')} data-testid="review-filter-disposal">
                <option value="">{t(lang, 'review.filter.all')}</option>
                {queue.facets.disposals.map((d) => <option key={d} value={d}>{DISPOSAL_LABELS[lang][d]}</option>)}
              </select>
            </label>
            <label className="review-field">
              <span>{t(lang, 'review.filter.decided')}</span>
              <select value={filters.decided} onChange={(e) => setFilter('decided', e.target.value as Filters['decided'])} data-testid="review-filter-decided">
                <option value="">{t(lang, 'review.filter.all')}</option>
                <option value="open">{t(lang, 'review.filter.open')}</option>
                <option value="decided">{t(lang, 'review.filter.decidedOnly')}</option>
              </select>
            </label>
            <label className="review-field review-field-wide">
              <span>{t(lang, 'review.filter.enterprise')}</span>
              <input type="search" value={filters.enterprise} placeholder={t(lang, 'review.filter.enterpriseHint')} onChange={(e) => setFilter('enterprise', e.target.value)} data-testid="review-filter-enterprise" />
            </label>
            {JSON.stringify(filters) !== JSON.stringify(NO_FILTERS) && (
              <button type="button" className="link-button" onClick={() => setFilters(NO_FILTERS)} data-testid="review-filter-clear">{t(lang, 'review.filter.clear')}</button>
            )}
          </div>

          <GroupCards lang={lang} groups={queue.groups} onJump={(g) => sections.current[g]?.scrollIntoView({ block: 'start', behavior: 'smooth' })} />

          {queue.items.length === 0 ? (
            <p className="panel-empty" data-testid="review-empty">{t(lang, 'review.empty')}</p>
          ) : (
            REVIEW_GROUPS.filter((g) => queue.groups[g].count > 0).map((g) => {
              const items = queue.items.filter((i) => i.group === g);
              const shown = showAll[g] ? items : items.slice(0, ROWS_PER_GROUP);
              return (
                <section key={g} className="review-section" ref={(el) => { sections.current[g] = el; }} data-testid={`review-section-${g}`}>
                  <h3 className={`review-section-head review-group-${g}`}>
                    <span>{GROUP_LABELS[lang][g]}</span>
                    <span className="muted">{t(lang, 'review.count', { n: queue.groups[g].count })} · {muText(queue.groups[g].areaMu, lang)}</span>
                  </h3>
                  <p className="review-section-hint">{t(lang, `review.groupHint.${g}` as MessageKey)}</p>
                  <ul className="review-list">
                    {shown.map((item) => <QueueRow key={item.parcelId} item={item} lang={lang} selected={selection?.featureId === item.parcelId} onOpen={() => open(item.parcelId)} />)}
                  </ul>
                  {shown.length < items.length && (
                    <button type="button" className="link-button review-more" onClick={() => setShowAll((s) => ({ ...s, [g]: true }))}>
                      {t(lang, 'review.showAll', { n: items.length })}
                    </button>
                  )}
                </section>
              );
            })
          )}
        </>
      )}
    </div>
  );
}

