// Notice drafts (闲置土地调查通知书, 闲置土地认定书) for one case: core's draftNotice fills an editable text template;
// the printable HTML (every value escaped by core, no script allowed by its CSP) shows in a sandboxed frame and prints from
// there. An edited template is kept in this browser, per kind and language, and can be reset to the default.
import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { todayIso, type IsoDate } from '../../core/dates';
import type { CaseView } from '../../core/review/case';
import { draftNotice, NOTICE_KINDS, NOTICE_PLACEHOLDERS, NOTICE_TEMPLATES, type NoticeKind } from '../../core/review/notice';
import { t, tMaybe, type Lang, type MessageKey } from '../i18n';
import { readPref, writePref } from './prefs';

interface Props {
  lang: Lang;
  view: CaseView;
  initialKind: NoticeKind;
  parkName: string | null;
  zoneName: string | null;
  onClose: () => void;
}

const templatePref = (kind: NoticeKind, lang: Lang) => `noticeTemplate.${kind}.${lang}`;

/** Words for the placeholders a reviewer is told are blank (others show as {{name}}). */
const PLACEHOLDER_KEYS: Partial<Record<string, MessageKey>> = {
  reference: 'review.notice.reference', authority: 'review.notice.authority', issueDate: 'review.notice.issueDate',
  parcelName: 'field.name', since: 'idle.since', idleYears: 'idle.years', idleOn: 'idle.idleOn', reclaimOn: 'idle.reclaimOn',
  feeWan: 'idle.fee', basis: 'idle.basis', disposal: 'idle.disposal', clause: 'idle.clause',
};
const placeholderLabel = (name: string, lang: Lang) => {
  const key = PLACEHOLDER_KEYS[name];
  return key ? t(lang, key) : tMaybe(lang, `field.${name}`, `{{${name}}}`);
};

export function NoticeDialog({ lang, view, initialKind, parkName, zoneName, onClose }: Props) {
  const [kind, setKind] = useState<NoticeKind>(initialKind);
  const [authority, setAuthority] = useState(() => readPref('authority') ?? '');
  const [reference, setReference] = useState(() => view.decision?.reference ?? '');
  const [issueDate, setIssueDate] = useState<IsoDate>(() => todayIso());
  const [templates, setTemplates] = useState<Record<NoticeKind, string>>(() => ({
    investigation: readPref(templatePref('investigation', lang)) ?? NOTICE_TEMPLATES.investigation[lang],
    determination: readPref(templatePref('determination', lang)) ?? NOTICE_TEMPLATES.determination[lang],
  }));
  const [storeFailed, setStoreFailed] = useState(false);
  const frame = useRef<HTMLIFrameElement | null>(null);
  const template = templates[kind];
  const edited = template !== NOTICE_TEMPLATES[kind][lang];

  const notice = useMemo(
    () => draftNotice(kind, view, { locale: lang, authority, reference, issueDate: issueDate || undefined, parkName, zoneName }, template),
    [kind, view, lang, authority, reference, issueDate, parkName, zoneName, template],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const setTemplate = (text: string | null) => {
    const next = text ?? NOTICE_TEMPLATES[kind][lang];
    setTemplates((all) => ({ ...all, [kind]: next }));
    setStoreFailed(!writePref(templatePref(kind, lang), text));
  };

  const print = () => frame.current?.contentWindow?.print();
  const openWindow = () => {
    const url = URL.createObjectURL(new Blob([notice.html], { type: 'text/html' }));
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  // On document.body: the sidebar is its own stacking context, and the dialog must cover the map and inspector too.
  return createPortal(
    <div className="review-dialog-backdrop" role="presentation" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className="review-dialog" role="dialog" aria-modal="true" aria-labelledby="notice-title" data-testid="notice-dialog" data-kind={kind}>
        <div className="review-dialog-head">
          <h2 id="notice-title">{t(lang, 'review.notice.title', { id: view.parcelId })}</h2>
          <div className="review-seg" role="tablist">
            {NOTICE_KINDS.map((k) => (
              <button key={k} type="button" role="tab" aria-selected={kind === k} className={kind === k ? 'active' : ''} onClick={() => setKind(k)} data-testid={`notice-tab-${k}`}>
                {t(lang, `review.notice.${k}` as MessageKey)}
              </button>
            ))}
          </div>
          <button type="button" className="insp-close" onClick={onClose} aria-label={t(lang, 'review.notice.close')} data-testid="notice-close">×</button>
        </div>
        <div className="review-dialog-body">
          <div className="review-notice-preview">
            <iframe
              ref={frame}
              title={notice.title}
              srcDoc={notice.html}
              sandbox="allow-same-origin allow-modals"
              data-testid="notice-frame"
            />
          </div>
          <div className="review-notice-side">
            <div className="review-field-row">
              <label className="review-field">
                <span>{t(lang, 'review.notice.authority')}</span>
                <input type="text" value={authority} placeholder={t(lang, 'review.notice.authorityHint')} onChange={(e) => { setAuthority(e.target.value); writePref('authority', e.target.value); }} data-testid="notice-authority" />
              </label>
              <label className="review-field">
                <span>{t(lang, 'review.notice.reference')}</span>
                <input type="text" value={reference} onChange={(e) => setReference(e.target.value)} data-testid="notice-reference" />
              </label>
            </div>
            <label className="review-field">
              <span>{t(lang, 'review.notice.issueDate')}</span>
              <input type="date" value={issueDate} onChange={(e) => setIssueDate(e.target.value)} data-testid="notice-issue-date" />
            </label>
            {notice.missingValues.length > 0 && (
              <p className="review-hint" data-testid="notice-missing">{t(lang, 'review.notice.missing', { names: notice.missingValues.map((n) => placeholderLabel(n, lang)).join(lang === 'zh' ? '、' : ', ') })}</p>
            )}
            <label className="review-field review-template">
              <span>
                {t(lang, 'review.notice.template')}
                {edited && <em className="review-edited"> {t(lang, 'review.notice.edited')}</em>}
              </span>
              <textarea value={template} spellCheck={false} onChange={(e) => setTemplate(e.target.value)} data-testid="notice-template" />
            </label>
            {notice.unknownPlaceholders.length > 0 && (
              <div className="review-field-error" role="alert" data-testid="notice-unknown">
                {t(lang, 'review.notice.unknown', { names: notice.unknownPlaceholders.map((n) => `{{${n}}}`).join(' ') })}
              </div>
            )}
            {storeFailed && <div className="review-field-warning">{t(lang, 'review.notice.notKept')}</div>}
            <details className="review-placeholders">
              <summary>{t(lang, 'review.notice.placeholders')}</summary>
              <p>{t(lang, 'review.notice.syntax')}</p>
              <code>{NOTICE_PLACEHOLDERS.map((n) => `{{${n}}}`).join(' ')}</code>
            </details>
            <div className="review-form-actions">
              <button type="button" className="btn btn-primary" onClick={print} data-testid="notice-print">{t(lang, 'review.notice.print')}</button>
              <button type="button" className="btn" onClick={openWindow} data-testid="notice-open">{t(lang, 'review.notice.open')}</button>
              <button type="button" className="btn" onClick={() => setTemplate(null)} disabled={!edited} data-testid="notice-reset">{t(lang, 'review.notice.reset')}</button>
            </div>
          </div>
        </div>
      </div>
    </div>,
    document.body,
  );
}
