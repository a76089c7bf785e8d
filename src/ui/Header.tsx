import type { Bilingual } from './data/loadProject';
import { LANGS, t, type Lang } from './i18n';

interface Props {
  lang: Lang;
  parkName: Bilingual | null;
  reviewDate: string | null;
  onLang: (lang: Lang) => void;
}

export function Header({ lang, parkName, reviewDate, onLang }: Props) {
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
