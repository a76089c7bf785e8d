// Layer list with visibility switches and the legend of each visible layer, listed top layer first (as drawn).
import { KIND_STYLES } from '../map/layerStyle';
import type { LoadedLayer } from './data/loadProject';
import { t, tMaybe, type Lang } from './i18n';
import { Swatch } from './Swatch';

interface Props {
  lang: Lang;
  layers: LoadedLayer[];
  loading: boolean;
  onToggle: (id: string, visible: boolean) => void;
  onZoomToPark: () => void;
}

export function LayerPanel({ lang, layers, loading, onToggle, onZoomToPark }: Props) {
  const topFirst = [...layers].reverse();
  return (
    <section className="panel" aria-labelledby="panel-layers-title" data-testid="layer-panel">
      <div className="panel-head">
        <h2 id="panel-layers-title">{t(lang, 'panel.layers')}</h2>
        <button type="button" className="link-button" onClick={onZoomToPark} disabled={layers.length === 0}>
          {t(lang, 'panel.zoomToPark')}
        </button>
      </div>
      {layers.length === 0 && <p className="panel-empty">{loading ? t(lang, 'status.loading') : t(lang, 'panel.empty')}</p>}
      <ul className="layer-list">
        {topFirst.map((layer) => {
          const style = KIND_STYLES[layer.kind];
          const title = layer.title[lang];
          return (
            <li key={layer.id} className={layer.visible ? 'layer' : 'layer layer-hidden'} data-testid="layer-item" data-layer-id={layer.id}>
              <label className="layer-row">
                <input
                  type="checkbox"
                  checked={layer.visible}
                  onChange={(e) => onToggle(layer.id, e.currentTarget.checked)}
                  aria-label={t(lang, 'panel.showLayer', { name: title })}
                  data-testid={`layer-toggle-${layer.id}`}
                />
                <Swatch fill={layer.legend.swatch.fill} line={layer.legend.swatch.line} lineWidth={style.lineWidth} />
                <span className="layer-title">{title}</span>
                <span className="layer-count">{layer.data.features.length}</span>
              </label>
              {layer.visible && layer.legend.entries.length > 0 && (
                <ul className="legend">
                  {layer.legend.entries.map((entry) => (
                    <li key={entry.value}>
                      <Swatch fill={entry.fill} line={entry.line} lineWidth={style.lineWidth} />
                      <span className="legend-label">{tMaybe(lang, entry.labelKey, entry.value)}</span>
                      <span className="legend-count">{entry.count}</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
