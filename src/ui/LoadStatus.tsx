// The status line while layers load: each file being read, with how much has arrived (from the data worker).
import { useSyncExternalStore } from 'react';
import { readProgress, subscribeReadProgress } from './data/dataWorker';
import { t, type Lang } from './i18n';

export function LoadStatus({ lang }: { lang: Lang }) {
  const files = useSyncExternalStore(subscribeReadProgress, readProgress);
  const locale = lang === 'zh' ? 'zh-CN' : 'en';
  const mb = (bytes: number) => (bytes / 1e6).toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (files.length === 0) return <>{t(lang, 'status.loading')}</>;
  return (
    <span data-testid="load-progress">
      {files.map((p, i) => (
        <span key={p.file}>
          {i > 0 && ' · '}
          {t(lang, p.totalBytes ? 'status.reading' : 'status.readingNoTotal', {
            file: p.file, done: mb(p.receivedBytes), total: p.totalBytes ? mb(p.totalBytes) : '', features: p.features.toLocaleString(locale),
          })}
        </span>
      ))}
    </span>
  );
}
