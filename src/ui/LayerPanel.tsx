// Layer list, top layer first (as drawn): visibility, opacity, order, zoom-to, and per layer a legend read from
// what the map draws (kind cartography or thematic classes, counts after filters), so the two cannot disagree.
import { useEffect, useMemo } from 'react';
import type { LayerState } from '../map/types';
import type { EvaluatedProject } from './data/evaluation';
import type { LoadedLayer } from './data/loadProject';
import { t, tMaybe, type Lang } from './i18n';
import { Swatch } from './Swatch';
import { BaseMapSettings } from './thematic/BaseMapSettings';

/** Drag data type of a layer row (not a file: the import drop zone ignores it). */
const LAYER_DRAG_TYPE = 'application/x-park-atlas-layer';
import { useMapController, useMapSnapshot, useTheme } from './thematic/mapStore';
import { ThematicControl } from './thematic/ThematicControl';
import { buildIdleLayer, buildThematic, IDLE_LAYER_ID } from './thematic/themes';

interface Props {
  lang: Lang;
  layers: LoadedLayer[];
  loading: boolean;
  onToggle: (id: string, visible: boolean) => void;
  onZoomToPark: () => void;
  /** Core's evaluation, for the thematic styling and the idle-land layer. */
  evaluated?: EvaluatedProject | null;
}

/** Pushes what is derived from core's figures (thematic styling, idle parcels) to the map. */
function useDerivedStyling(lang: Lang, layers: LoadedLayer[], evaluated: EvaluatedProject | null) {
  const controller = useMapController();
  const theme = useTheme();
  const parcelLayers = useMemo(() => layers.filter((l) => l.kind === 'parcel'), [layers]);
  const thematic = useMemo(() => buildThematic(theme, evaluated, lang), [theme, evaluated, lang]);
  const idle = useMemo(() => buildIdleLayer(parcelLayers, evaluated), [parcelLayers, evaluated]);
  useEffect(() => {
    if (!controller) return;
    for (const l of parcelLayers) controller.setThematic(l.id, thematic);
  }, [controller, parcelLayers, thematic]);
  useEffect(() => {
    controller?.setDerivedLayer(IDLE_LAYER_ID, idle);
  }, [controller, idle]);
}

export function LayerPanel({ lang, layers, loading, onToggle, onZoomToPark, evaluated = null }: Props) {
  useDerivedStyling(lang, layers, evaluated);
  const snapshot = useMapSnapshot();
  const controller = useMapController();
  const titles = useMemo(() => new Map(layers.map((l) => [l.id, l.title[lang]])), [layers, lang]);
  const titleOf = (s: LayerState) => titles.get(s.id) ?? t(lang, s.kind === 'idle' ? 'kind.idle' : `kind.${s.kind}`);
  const drawn = snapshot.layers.length > 0 ? snapshot.layers : [];
  const topFirst = [...drawn].reverse();
  return (
    <section className="panel" aria-labelledby="panel-layers-title" data-testid="layer-panel">
      <div className="panel-head">
        <h2 id="panel-layers-title">{t(lang, 'panel.layers')}</h2>
        <div className="panel-head-actions">
          <BaseMapSettings lang={lang} current={snapshot.baseMap} />
          <button type="button" className="link-button" onClick={onZoomToPark} disabled={layers.length === 0} data-testid="zoom-to-park">
            {t(lang, 'panel.zoomToPark')}
          </button>
        </div>
      </div>
      {drawn.length === 0 && <p className="panel-empty">{loading ? t(lang, 'status.loading') : t(lang, 'panel.empty')}</p>}
      <ul className="layer-list">
        {topFirst.map((layer, i) => {
          const title = titleOf(layer);
          const isTop = i === 0;
          const isBottom = i === topFirst.length - 1;
          return (
            <li
              key={layer.id}
              className={`layer${layer.visible ? '' : ' layer-hidden'}${layer.derived ? ' layer-derived' : ''}`}
              data-testid="layer-item"
              data-layer-id={layer.id}
              data-layer-kind={layer.kind}
              // Drag a layer onto another to take its place in the drawing order (the ↑ ↓ buttons do the same by keyboard).
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData(LAYER_DRAG_TYPE, layer.id);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragOver={(e) => {
                if (e.dataTransfer.types.includes(LAYER_DRAG_TYPE)) {
                  e.preventDefault();
                  e.dataTransfer.dropEffect = 'move';
                }
              }}
              onDrop={(e) => {
                const dragged = e.dataTransfer.getData(LAYER_DRAG_TYPE);
                if (!dragged) return;
                e.preventDefault();
                e.stopPropagation();
                controller?.moveLayerTo(dragged, layer.id);
              }}
            >
              <div className="layer-row">
                <label className="layer-check">
                  <input
                    type="checkbox"
                    checked={layer.visible}
                    onChange={(e) => {
                      const v = e.currentTarget.checked;
                      if (layer.derived) controller?.setLayerVisibility(layer.id, v);
                      else onToggle(layer.id, v);
                    }}
                    aria-label={t(lang, 'panel.showLayer', { name: title })}
                    data-testid={`layer-toggle-${layer.id}`}
                  />
                  <Swatch fill={layer.swatch.fill} line={layer.swatch.line} lineWidth={layer.lineWidth} />
                  <span className="layer-title" title={title}>{title}</span>
                </label>
                <span className="layer-count" data-testid={`layer-count-${layer.id}`}>
                  {layer.filtered ? `${layer.shownCount}/${layer.featureCount}` : layer.featureCount}
                </span>
                <span className="layer-tools">
                  <button type="button" className="icon-button" onClick={() => controller?.moveLayer(layer.id, 1)} disabled={isTop}
                    title={t(lang, 'layer.moveUp', { name: title })} aria-label={t(lang, 'layer.moveUp', { name: title })} data-testid={`layer-up-${layer.id}`}>
                    <svg viewBox="0 0 12 12" aria-hidden="true"><path d="M2 8l4-4 4 4" /></svg>
                  </button>
                  <button type="button" className="icon-button" onClick={() => controller?.moveLayer(layer.id, -1)} disabled={isBottom}
                    title={t(lang, 'layer.moveDown', { name: title })} aria-label={t(lang, 'layer.moveDown', { name: title })} data-testid={`layer-down-${layer.id}`}>
                    <svg viewBox="0 0 12 12" aria-hidden="true"><path d="M2 4l4 4 4-4" /></svg>
                  </button>
                  <button type="button" className="icon-button" onClick={() => controller?.zoomTo({ layerId: layer.id })}
                    title={t(lang, 'layer.zoomToName', { name: title })} aria-label={t(lang, 'layer.zoomToName', { name: title })} data-testid={`layer-zoom-${layer.id}`}>
                    <svg viewBox="0 0 12 12" aria-hidden="true"><path d="M1.5 4.5v-3h3M7.5 1.5h3v3M10.5 7.5v3h-3M4.5 10.5h-3v-3" /></svg>
                  </button>
                </span>
              </div>
              {layer.visible && (
                <div className="layer-body">
                  {layer.kind === 'parcel' && !layer.derived && <ThematicControl lang={lang} />}
                  {layer.thematicTitle && <div className="legend-title" data-testid={`legend-title-${layer.id}`}>{layer.thematicTitle}</div>}
                  {layer.legend.length > 0 && (
                    <ul className="legend" data-testid={`legend-${layer.id}`}>
                      {layer.legend.map((entry) => (
                        <li key={entry.value} data-testid="legend-entry" data-value={entry.value} data-count={entry.count} className={entry.count === 0 ? 'legend-empty' : undefined}>
                          <Swatch fill={entry.fill} line={entry.line} lineWidth={layer.lineWidth} hatch={entry.hatch} />
                          <span className="legend-label">{entry.label ?? tMaybe(lang, entry.labelKey, entry.value)}</span>
                          <span className="legend-count">{entry.count}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                  <label className="opacity-row">
                    <span>{t(lang, 'layer.opacity')}</span>
                    <input
                      type="range"
                      min={0}
                      max={100}
                      step={5}
                      value={Math.round(layer.opacity * 100)}
                      onChange={(e) => controller?.setLayerOpacity(layer.id, Number(e.currentTarget.value) / 100)}
                      aria-label={t(lang, 'layer.opacityOf', { name: title })}
                      data-testid={`layer-opacity-${layer.id}`}
                    />
                    <span className="opacity-value">{Math.round(layer.opacity * 100)}%</span>
                  </label>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
