// The header's project controls: open and save the .parkatlas file, the autosave indicator (with the warning and a
// save offer when the browser's storage fails), 恢复原始数据, undo/redo, and the switches for edit mode and printing.
// A tab that reads only (the project is open in another tab) shows the banner with "Edit here" and keeps only
// saving the file, printing and viewing.
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { formatProblem } from '../../core/schema/problems';
import { t, type Lang } from '../i18n';
import type { WorkingProject } from './useWorkingProject';
import { TabLockBanner } from './TabLockBanner';

interface Props {
  lang: Lang;
  working: WorkingProject;
  hasProject: boolean;
  editMode: boolean;
  onEditMode: (on: boolean) => void;
  onPrint: () => void;
}

const time = (d: Date) => [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');

function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function ProjectBar({ lang, working, hasProject, editMode, onEditMode, onPrint }: Props) {
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const a = working.autosave;
  const autosaveText =
    a.status === 'saved' ? t(lang, 'autosave.saved', { time: time(a.at) })
      : a.status === 'pending' ? t(lang, 'autosave.pending')
        : a.status === 'failed' ? t(lang, 'autosave.failed')
          : t(lang, 'autosave.clean');
  const autosaveTitle =
    a.status === 'failed' ? t(lang, 'autosave.failedTitle', { error: a.error })
      : a.status === 'clean' ? t(lang, 'autosave.cleanTitle') : t(lang, 'autosave.savedTitle');
  const undoTitle = working.undoLabel ? t(lang, 'history.undoWhat', { what: t(lang, working.undoLabel) }) : t(lang, 'history.nothing');
  const redoTitle = working.redoLabel ? t(lang, 'history.redoWhat', { what: t(lang, working.redoLabel) }) : t(lang, 'history.nothingRedo');
  const save = () => void working.save();
  const failure = working.openFailure;
  const readOnly = working.readOnly;
  const readOnlyReason = t(lang, 'tab.readOnlyReason');
  // Edit mode closes when another tab takes the project over.
  useEffect(() => {
    if (readOnly && editMode) onEditMode(false);
  }, [readOnly, editMode, onEditMode]);

  return (
    <div className="project-bar" data-testid="project-bar">
      <div className="project-group" role="group" aria-label={t(lang, 'project.save')}>
        <label className={`project-btn${readOnly ? ' disabled' : ''}`} title={readOnly ? readOnlyReason : t(lang, 'project.openTitle')} data-testid="project-open-button">
          <Icon d="M2 4.5h4l1.5 1.5H14v7H2zM2 4.5V3h4" />
          <span>{working.busy === 'opening' ? t(lang, 'project.opening') : t(lang, 'project.open')}</span>
          <input
            type="file"
            accept=".parkatlas"
            className="import-input"
            data-testid="project-open"
            disabled={readOnly}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void working.open(file);
            }}
          />
        </label>
        <button type="button" className="project-btn" onClick={save} disabled={!hasProject || working.busy !== null} title={t(lang, 'project.saveTitle')} data-testid="project-save">
          <Icon d="M3 2.5h8l2.5 2.5v8.5h-10.5zM5 2.5v3.5h5V2.5M5 13.5V9h6v4.5" />
          <span>{working.busy === 'saving' ? t(lang, 'project.saving') : t(lang, 'project.save')}</span>
        </button>
        <span className={`autosave autosave-${readOnly ? 'readonly' : a.status}`} title={readOnly ? readOnlyReason : autosaveTitle} data-testid="autosave-status" data-status={a.status} data-readonly={readOnly} role="status">
          {readOnly ? t(lang, 'tab.readOnlyShort') : a.status === 'failed' ? (
            <>
              <span aria-hidden="true">⚠ </span>
              {t(lang, 'autosave.failedShort')}{' '}
              <button type="button" className="autosave-save" onClick={save} data-testid="autosave-save-file">{t(lang, 'autosave.saveFile')}</button>
            </>
          ) : autosaveText}
        </span>
        {a.status !== 'clean' && (
          <button type="button" className="icon-btn project-menu-btn" aria-expanded={menuOpen} aria-haspopup="menu" onClick={() => setMenuOpen((o) => !o)} title={t(lang, 'project.menu')} aria-label={t(lang, 'project.menu')} data-testid="project-menu">
            <Icon d="M4 6.5l4 4 4-4" />
          </button>
        )}
      </div>
      <div className="project-group" role="group" aria-label={t(lang, 'history.undo')}>
        <button type="button" className="icon-btn" onClick={working.undo} disabled={!working.canUndo} title={readOnly ? readOnlyReason : undoTitle} aria-label={undoTitle} data-testid="undo">
          <Icon d="M5.5 3.5 2.5 6.5l3 3M3 6.5h6.5a4 4 0 0 1 0 8H7" />
        </button>
        <button type="button" className="icon-btn" onClick={working.redo} disabled={!working.canRedo} title={readOnly ? readOnlyReason : redoTitle} aria-label={redoTitle} data-testid="redo">
          <Icon d="M10.5 3.5l3 3-3 3M13 6.5H6.5a4 4 0 0 0 0 8H9" />
        </button>
      </div>
      <div className="project-group" role="group">
        <button type="button" className={`project-btn${editMode ? ' active' : ''}`} aria-pressed={editMode} onClick={() => onEditMode(!editMode)} disabled={!hasProject || readOnly} title={readOnly ? readOnlyReason : t(lang, 'edit.modeTitle')} data-testid="edit-mode">
          <Icon d="M3 13l.8-3.2L10.5 3l2.5 2.5-6.7 6.7zM9.2 4.3l2.5 2.5" />
          <span>{t(lang, 'edit.mode')}</span>
        </button>
        <button type="button" className="project-btn" onClick={onPrint} disabled={!hasProject} title={t(lang, 'print.openTitle')} data-testid="print-open">
          <Icon d="M4.5 6V2.5h7V6M4.5 11.5h-2v-5h11v5h-2M4.5 9.5h7v4h-7z" />
          <span>{t(lang, 'print.open')}</span>
        </button>
      </div>
      {menuOpen && a.status !== 'clean' && (
        <div className="project-pop project-menu" role="menu" data-testid="project-menu-box">
          <p>{autosaveTitle}</p>
          <div className="project-pop-actions">
            <button type="button" role="menuitem" className="btn" onClick={() => { setMenuOpen(false); save(); }}>{t(lang, 'project.save')}</button>
            <button
              type="button"
              role="menuitem"
              className="btn"
              onClick={() => {
                setMenuOpen(false);
                setConfirmDiscard(true);
              }}
              title={readOnly ? readOnlyReason : t(lang, 'project.discardTitle')}
              disabled={readOnly}
              data-testid="project-discard"
            >
              {t(lang, 'project.discard')}
            </button>
          </div>
        </div>
      )}
      {/* In the page's body: the header's stacking context would put the map's canvases above it. */}
      {createPortal(<TabLockBanner lang={lang} access={working.tab} onTakeOver={() => void working.takeOver()} />, document.body)}
      {confirmDiscard && (
        <div className="project-pop" role="alertdialog" aria-label={t(lang, 'project.discard')} data-testid="project-discard-box">
          <p>{t(lang, 'project.discardConfirm')}</p>
          <div className="project-pop-actions">
            <button type="button" className="btn" onClick={() => setConfirmDiscard(false)}>{t(lang, 'project.cancel')}</button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                setConfirmDiscard(false);
                void working.discard();
              }}
              data-testid="project-discard-confirm"
            >
              {t(lang, 'project.discardYes')}
            </button>
          </div>
        </div>
      )}
      {failure && (
        <div className="project-pop project-pop-error" role="alert" data-testid="project-open-problems">
          <b>{t(lang, 'project.openFailed', { file: failure.file })}</b>
          <ul>
            {failure.problems.length === 0 && <li>{t(lang, 'project.openNoLayers')}</li>}
            {failure.problems.slice(0, 12).map((p, i) => <li key={i}>{formatProblem(p, lang)}</li>)}
          </ul>
          <div className="project-pop-actions">
            <button type="button" className="btn" onClick={working.clearOpenFailure} data-testid="project-open-problems-close">{t(lang, 'project.close')}</button>
          </div>
        </div>
      )}
    </div>
  );
}
