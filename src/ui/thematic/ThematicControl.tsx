// Picks the thematic styling of the parcels: which figure, and how its classes are cut.
import { CLASS_METHODS } from '../../core/classify';
import { t, type Lang } from '../i18n';
import { THEME_METRICS, type ThemeMetric } from '../urlState';
import { mapStore, useTheme } from './mapStore';

export function ThematicControl({ lang }: { lang: Lang }) {
  const theme = useTheme();
  const methodApplies = theme.metric !== 'none' && theme.metric !== 'compliance';
  return (
    <div className="thematic" data-testid="thematic-control">
      <label>
        <span>{t(lang, 'theme.metric')}</span>
        <select
          value={theme.metric}
          onChange={(e) => mapStore.setTheme({ ...theme, metric: e.currentTarget.value as ThemeMetric })}
          data-testid="theme-metric"
        >
          {THEME_METRICS.map((m) => (
            <option key={m} value={m}>
              {t(lang, `theme.metric.${m}`)}
            </option>
          ))}
        </select>
      </label>
      <label className={methodApplies ? undefined : 'is-disabled'}>
        <span>{t(lang, 'theme.method')}</span>
        <select
          value={theme.method}
          disabled={!methodApplies}
          onChange={(e) => mapStore.setTheme({ ...theme, method: e.currentTarget.value as typeof theme.method })}
          data-testid="theme-method"
        >
          {CLASS_METHODS.map((m) => (
            <option key={m} value={m}>
              {t(lang, `theme.method.${m}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
