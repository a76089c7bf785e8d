// Load errors and data problems, each naming its file (and feature and field); shown as text above the map
// while the other layers stay drawn. Long lists are cut, with a count of the rest.
import { formatProblem, type Problem } from '../core/schema/problems';
import type { LoadError } from './data/loadProject';
import { t, type Lang } from './i18n';

const SHOWN = 12;

export function errorMessages(lang: Lang, e: LoadError): string[] {
  const f = e.failure;
  switch (f.code) {
    case 'http':
      return [t(lang, 'errors.http', { file: e.file, status: f.status })];
    case 'network':
      return [t(lang, 'errors.network', { file: e.file, message: f.message })];
    case 'badManifest':
      return [t(lang, 'errors.badManifest', { file: e.file, message: f.message })];
    case 'invalid':
      return f.problems.map((p) => t(lang, 'errors.invalid', { message: formatProblem(p, lang) }));
  }
}

interface Props {
  lang: Lang;
  errors: LoadError[];
  problems: Problem[];
  onDismiss: () => void;
}

export function ErrorList({ lang, errors, problems, onDismiss }: Props) {
  if (errors.length === 0 && problems.length === 0) return null;
  const failed = errors.flatMap((e) => errorMessages(lang, e).map((text, i) => ({ key: `${e.url}#${i}`, text, title: e.url, severity: 'error' })));
  const ordered = [...problems.filter((p) => p.severity === 'error'), ...problems.filter((p) => p.severity === 'warning')];
  const found = ordered.map((p, i) => ({ key: `p${i}`, text: formatProblem(p, lang), title: p.file, severity: p.severity }));
  const rows = [...failed, ...found];
  return (
    <div className={`errors${failed.length === 0 && !ordered.some((p) => p.severity === 'error') ? ' warnings-only' : ''}`} role="alert" data-testid="load-errors">
      <div className="errors-head">
        <strong>{t(lang, failed.length > 0 ? 'errors.title' : 'errors.problemsTitle', { count: rows.length })}</strong>
        <button type="button" className="errors-close" onClick={onDismiss} aria-label="×">
          ×
        </button>
      </div>
      <ul>
        {rows.slice(0, SHOWN).map((r) => (
          <li key={r.key} data-testid={r.severity === 'error' ? 'load-error' : 'load-warning'} title={r.title}>
            {r.text}
          </li>
        ))}
        {rows.length > SHOWN && <li className="errors-more">{t(lang, 'errors.more', { count: rows.length - SHOWN })}</li>}
      </ul>
    </div>
  );
}
