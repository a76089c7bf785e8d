// The warning shown while decisions are held in the page only (the browser's store failed): what is at risk, the
// browser's reason, a JSON download of every decision, and a retry. Shown atop the panel and again by the save button.
import { t, type Lang } from '../i18n';
import type { DecisionStore } from './useDecisions';

export function StorageBanner({ lang, store, onDownload, testId }: { lang: Lang; store: DecisionStore; onDownload: () => void; testId: string }) {
  if (!store.storageError && store.status !== 'unavailable' && store.pendingCount === 0) return null;
  return (
    <div className="review-banner review-banner-danger" role="alert" data-testid={`${testId}-warning`}>
      <b>{t(lang, 'review.storage.title')}</b>
      <p>
        {store.pendingCount > 0 ? t(lang, 'review.storage.pending', { n: store.pendingCount }) : t(lang, 'review.storage.unavailable')}
        {store.storageError && <span className="review-banner-detail"> （{store.storageError}）</span>}
      </p>
      <div className="review-form-actions">
        <button type="button" className="btn btn-primary" onClick={onDownload} data-testid={`${testId}-download`}>{t(lang, 'review.storage.download')}</button>
        <button type="button" className="btn" onClick={() => void store.retry()} data-testid={`${testId}-retry`}>{t(lang, 'review.storage.retry')}</button>
      </div>
    </div>
  );
}
