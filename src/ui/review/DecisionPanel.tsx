// The bureau's decision on one parcel: the decision in force, the form to record a new one (checked by core's
// validateDecision, problems shown at their fields), and the audit trail, read-only: nothing here edits or deletes it.
import { useMemo, useState } from 'react';
import { todayIso } from '../../core/dates';
import type { CaseView } from '../../core/review/case';
import {
  DECISION_KINDS,
  DECISION_LABELS,
  historyOf,
  NEGOTIATION_LABELS,
  NEGOTIATION_TYPES,
  validateDecision,
  type DecisionInput,
  type DecisionKind,
  type DecisionProblem,
  type NegotiationType,
  type RecordContext,
} from '../../core/review/decisions';
import type { IdleResult } from '../../core/rules/idle';
import { t, type Lang } from '../i18n';
import { readPref, writePref } from './prefs';
import { decisionText, instantText } from './text';
import { StorageBanner } from './StorageBanner';
import type { DecisionStore } from './useDecisions';
import { useTabAccess } from '../project/useTabLock';

interface Props {
  lang: Lang;
  view: CaseView;
  idle: IdleResult;
  store: DecisionStore;
  /** Downloads every decision as JSON (offered when the store fails). */
  onDownload: () => void;
}

/** The decision that follows from core's finding, offered first (the reviewer may choose another). */
function suggestedKind(view: CaseView): DecisionKind {
  switch (view.determination.disposal) {
    case 'fee': return 'fee_notice';
    case 'reclaim': return 'reclaim';
    case 'negotiate': return 'negotiate';
    default: return 'not_idle';
  }
}

type Field = NonNullable<DecisionProblem['field']>;

function FieldProblems({ problems, field, lang }: { problems: DecisionProblem[]; field: Field; lang: Lang }) {
  const mine = problems.filter((p) => p.field === field);
  if (mine.length === 0) return null;
  return (
    <>
      {mine.map((p) => (
        <div key={p.code} className={p.severity === 'error' ? 'review-field-error' : 'review-field-warning'} data-testid={`decision-${p.severity}-${field}`} role={p.severity === 'error' ? 'alert' : undefined}>
          {p.message[lang]}
        </div>
      ))}
    </>
  );
}

export function DecisionPanel({ lang, view, idle, store, onDownload }: Props) {
  const [kind, setKind] = useState<DecisionKind>(() => suggestedKind(view));
  const [negotiation, setNegotiation] = useState<NegotiationType | ''>('');
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(() => todayIso());
  const [reference, setReference] = useState('');
  const [reviewer, setReviewer] = useState(() => readPref('reviewer') ?? '');
  const [note, setNote] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<{ warnings: DecisionProblem[] } | null>(null);
  const [refused, setRefused] = useState<DecisionProblem[]>([]);
  // The project is open in another tab that holds it: this tab records nothing (issue 9).
  const readOnly = useTabAccess().mode === 'reader';

  const input: DecisionInput = {
    parcelId: view.parcelId,
    kind,
    negotiation: kind === 'negotiate' ? (negotiation || null) : null,
    reason: kind === 'not_idle' ? reason : null,
    date,
    reference,
    note,
  };
  const context = (): RecordContext => ({ now: new Date(), reviewer, idle, parcelKnown: true });
  // Core's checks, run as the reviewer types: warnings at once, errors once a save was tried.
  const problems = validateDecision(input, context());
  const shown = [...problems.filter((p) => p.severity === 'warning' || attempted), ...refused]
    .filter((p, i, all) => all.findIndex((q) => q.code === p.code && q.field === p.field) === i);
  const unplaced = shown.filter((p) => !p.field || p.field === 'parcelId' || p.field === 'now');

  const history = useMemo(() => historyOf(store.state, view.parcelId), [store.state, view.parcelId]);

  async function save() {
    setAttempted(true);
    setSaved(null);
    setRefused([]);
    if (problems.some((p) => p.severity === 'error') || readOnly) return;
    setBusy(true);
    try {
      const result = await store.record(input, context());
      if (result.ok) {
        writePref('reviewer', reviewer.trim());
        setSaved({ warnings: result.warnings });
        setAttempted(false);
        setReference('');
        setNote('');
        setReason('');
      } else {
        setRefused(result.problems);
      }
    } finally {
      setBusy(false);
    }
  }

  const current = view.decision;
  return (
    <>
      <section className="insp-section" data-testid="case-decision">
        <h3>{t(lang, 'review.decision.title')}</h3>
        <div className="review-current" data-testid="decision-current" data-kind={current?.kind ?? ''}>
          <span className="muted">{t(lang, 'review.decision.inForce')}</span>{' '}
          {current ? <b>{decisionText(current, lang)}</b> : <span className="muted">{t(lang, 'review.decision.none')}</span>}
          {current && <div className="insp-sub">{t(lang, 'review.decision.by', { who: current.reviewer, when: instantText(current.recordedAt, lang) })}</div>}
        </div>

        <form className="review-form" data-testid="decision-form" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
          <fieldset className="review-kinds">
            <legend>{t(lang, 'review.decision.kind')}</legend>
            {DECISION_KINDS.map((k) => (
              <label key={k} className={kind === k ? 'active' : ''}>
                <input type="radio" name="decision-kind" value={k} checked={kind === k} onChange={() => { setKind(k); setSaved(null); }} data-testid={`decision-kind-${k}`} />
                {DECISION_LABELS[lang][k]}
                {k === suggestedKind(view) && <span className="review-suggested">{t(lang, 'review.decision.suggested')}</span>}
              </label>
            ))}
          </fieldset>
          <FieldProblems problems={shown} field="kind" lang={lang} />
          {kind === 'negotiate' && (
            <label className="review-field">
              <span>{t(lang, 'review.decision.negotiation')}</span>
              <select value={negotiation} onChange={(e) => setNegotiation(e.target.value as NegotiationType | '')} data-testid="decision-negotiation">
                <option value="">{t(lang, 'review.decision.choose')}</option>
                {NEGOTIATION_TYPES.map((n) => <option key={n} value={n}>{NEGOTIATION_LABELS[lang][n]}</option>)}
              </select>
              <FieldProblems problems={shown} field="negotiation" lang={lang} />
            </label>
          )}
          {kind === 'not_idle' && (
            <label className="review-field">
              <span>{t(lang, 'review.decision.reason')}</span>
              <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="decision-reason" />
              <FieldProblems problems={shown} field="reason" lang={lang} />
            </label>
          )}
          <div className="review-field-row">
            <label className="review-field">
              <span>{t(lang, 'review.decision.date')}</span>
              <input type="date" value={date} max={todayIso()} onChange={(e) => setDate(e.target.value)} data-testid="decision-date" />
              <FieldProblems problems={shown} field="date" lang={lang} />
            </label>
            <label className="review-field">
              <span>{t(lang, 'review.decision.reference')}</span>
              <input type="text" value={reference} placeholder={t(lang, 'review.decision.referenceHint')} onChange={(e) => setReference(e.target.value)} data-testid="decision-reference" />
              <FieldProblems problems={shown} field="reference" lang={lang} />
            </label>
          </div>
          <label className="review-field">
            <span>{t(lang, 'review.decision.reviewer')}</span>
            <input type="text" value={reviewer} autoComplete="name" onChange={(e) => setReviewer(e.target.value)} data-testid="decision-reviewer" />
            <FieldProblems problems={shown} field="reviewer" lang={lang} />
          </label>
          <label className="review-field">
            <span>{t(lang, 'review.decision.note')}</span>
            <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} data-testid="decision-note" />
            <FieldProblems problems={shown} field="note" lang={lang} />
          </label>
          {unplaced.map((p) => (
            <div key={p.code} className={p.severity === 'error' ? 'review-field-error' : 'review-field-warning'}>{p.message[lang]}</div>
          ))}
          <div className="review-form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy || store.status === 'loading' || readOnly} title={readOnly ? t(lang, 'tab.readOnlyReason') : undefined} data-testid="decision-save">
              {t(lang, current ? 'review.decision.change' : 'review.decision.save')}
            </button>
            {saved && (
              <span className={store.pendingCount > 0 ? 'review-field-error' : 'review-saved'} role="status" data-testid="decision-saved">
                {t(lang, store.pendingCount > 0 ? 'review.decision.savedMemory' : 'review.decision.saved')}
              </span>
            )}
          </div>
          {readOnly && <div className="review-field-warning" role="note" data-testid="decision-readonly">{t(lang, 'tab.decisionReadOnly')}</div>}
          <StorageBanner lang={lang} store={store} onDownload={onDownload} testId="decision-storage" />
          {saved && saved.warnings.length > 0 && (
            <ul className="review-warnings" data-testid="decision-saved-warnings">
              {saved.warnings.map((w) => <li key={w.code}>{t(lang, 'review.decision.recordedWith')} {w.message[lang]}</li>)}
            </ul>
          )}
        </form>
      </section>

      <section className="insp-section" data-testid="review-history">
        <h3>{t(lang, 'review.history.title')}</h3>
        <p className="insp-note">{t(lang, 'review.history.readOnly')}</p>
        {history.length === 0 ? (
          <p className="insp-note">{t(lang, 'review.history.empty')}</p>
        ) : (
          <ol className="review-history">
            {[...history].reverse().map((e) => (
              <li key={e.seq} data-testid="audit-entry" data-seq={e.seq} data-who={e.who} data-kind={e.after.kind}>
                <div className="review-history-head">
                  <span className="review-history-seq">#{e.seq}</span>
                  <span>{e.who}</span>
                  <span className="muted">{instantText(e.when, lang)}</span>
                </div>
                <div className="review-history-change">
                  <span className="muted">{e.before ? decisionText(e.before, lang) : t(lang, 'review.history.noneBefore')}</span>
                  <span aria-hidden="true"> → </span>
                  <span className="visually-hidden">{t(lang, 'review.history.to')}</span>
                  <span>{decisionText(e.after, lang)}</span>
                </div>
                {e.after.note && <div className="insp-sub">{t(lang, 'review.history.note', { note: e.after.note })}</div>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
