// The banner of a tab that reads only because another tab holds the project, with "Edit here"; and the short note of
// a tab that has just become the writer (it took over, or the other tab closed).
import { useEffect, useState } from 'react';
import { t, type Lang } from '../i18n';
import type { TabAccess } from './tabLock';

export function TabLockBanner({ lang, access, onTakeOver }: { lang: Lang; access: TabAccess; onTakeOver: () => void }) {
  const [noteShown, setNoteShown] = useState(false);
  useEffect(() => {
    if (access.mode !== 'writer' || access.gained === null) return;
    setNoteShown(true);
    const timer = setTimeout(() => setNoteShown(false), 8000);
    return () => clearTimeout(timer);
  }, [access.mode, access.gained]);

  if (access.mode === 'reader') {
    return (
      <div className="tab-lock-banner" role="alert" data-testid="tab-readonly-banner" data-reason={access.reason ?? ''}>
        <div className="tab-lock-text">
          <b>{t(lang, access.reason === 'taken-over' ? 'tab.takenOverTitle' : 'tab.readOnlyTitle')}</b>
          <span>{t(lang, 'tab.readOnlyBody')}</span>
        </div>
        <button type="button" className="btn btn-primary" onClick={onTakeOver} disabled={access.takingOver} title={t(lang, 'tab.editHereTitle')} data-testid="tab-edit-here">
          {access.takingOver ? t(lang, 'tab.takingOver') : t(lang, 'tab.editHere')}
        </button>
      </div>
    );
  }
  if (access.mode === 'writer' && access.gained !== null && noteShown) {
    return (
      <div className="tab-lock-banner tab-lock-note" role="status" data-testid="tab-gained-note" data-gained={access.gained}>
        <span>{t(lang, access.gained === 'freed' ? 'tab.gainedFreed' : 'tab.gainedTakeover')}</span>
        <button type="button" className="btn" onClick={() => setNoteShown(false)}>{t(lang, 'tab.dismiss')}</button>
      </div>
    );
  }
  return null;
}
