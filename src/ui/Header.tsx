import type { ReactNode } from 'react';
import type { Bilingual } from './data/loadProject';
import { LANGS, t, type Lang } from './i18n';
import { useTabAccess } from './project/useTabLock';

interface Props {
  lang: Lang;
  parkName: Bilingual | null;
  reviewDate: string | null;
  onLang: (lang: Lang) => void;
  /** Files chosen with the import button (DESIGN §11: the input is always in the DOM). */
  onImportFiles?: (files: File[]) => void;
  /** Project controls (open/save, autosave, undo/redo, edit, print), shown before the import button. */
  children?: ReactNode;
}

export function Header({ lang, parkName, reviewDate, onLang, onImportFiles, children }: Props) {
  // Another tab holds the project: nothing is imported here (issue 9).
  const readOnly = useTabAccess().mode === 'reader';
  return (
    <header className="topbar" data-testid="app-header">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
          <path d="M6 25V10l7-3 6 3 7-3v15l-7 3-6-3z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
          <path d="M13 7v15M19 10v15" stroke="currentColor" strokeWidth="1.6" />
        </svg>
        <div className="brand-text">
          <span className="brand-title" data-testid="app-title">{t(lang, 'app.title')}</span>
          <span className="brand-sub">{t(lang, 'app.subtitle')}</span>
        </div>
      </div>
      <div className="park" data-testid="park-name">
        <h1>{parkName ? parkName[lang] : t(lang, 'park.unnamed')}</h1>
        {reviewDate && <span className="park-date">{t(lang, 'park.reviewDate', { date: reviewDate })}</span>}
      </div>
      {children}
      <label className={`import-button${readOnly ? ' disabled' : ''}`} title={readOnly ? t(lang, 'tab.readOnlyReason') : t(lang, 'import.buttonTitle')} data-testid="import-button">
        <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 11v2.5h11V11" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" /></svg>
        <span>{t(lang, 'import.button')}</span>
        <input
          type="file"
          multiple
          id="import-input"
          className="import-input"
          data-testid="import-input"
          disabled={readOnly}
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            // Cleared so that choosing the same file again imports it again.
            e.currentTarget.value = '';
            if (files.length > 0) onImportFiles?.(files);
          }}
        />
      </label>
      <div className="lang-switch" role="group" aria-label={t(lang, 'lang.switch')}>
        {LANGS.map((l) => (
          <button
            key={l}
            type="button"
            lang={l === 'zh' ? 'zh-CN' : 'en'}
            aria-pressed={lang === l}
            className={lang === l ? 'active' : ''}
            onClick={() => onLang(l)}
            data-testid={`lang-${l}`}
          >
            {t(lang, l === 'zh' ? 'lang.zh' : 'lang.en')}
          </button>
        ))}
      </div>
    </header>
  );
}
