// Plan comparison (规划对比): two plan layers on one map with a swipe line. The map clips the left plan to the
// west of the line and the right plan to the east (MapController.setSwipe); this draws the line, its handle and
// the two names over the map, and the choice of plans and their legends in the panel.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { createPortal } from 'react-dom';
import type { LayerState } from '../../map/types';
import type { LoadedLayer } from '../data/loadProject';
import { t, tMaybe, type Lang } from '../i18n';
import type { ToolPanelProps } from '../panels/types';
import { Swatch } from '../Swatch';
import { useMapController, useMapSnapshot } from '../thematic/mapStore';

const STEP = 0.02;

/** The plan layers in the order a planner compares them: park master plan first, then land use, city, others. */
const PREFERRED = ['park_master', 'land_use', 'urban_master', 'eco_env', 'public_infra'];
function planTypeOf(l: LoadedLayer): string | null {
  const r = l.validated?.records[0] as { planType?: string | null } | undefined;
  return r?.planType ?? null;
}

function Legend({ state, lang }: { state: LayerState | undefined; lang: Lang }) {
  if (!state || state.legend.length === 0) return null;
  return (
    <ul className="legend swipe-legend">
      {state.legend.map((e) => (
        <li key={e.value} data-value={e.value}>
          <Swatch fill={e.fill} line={e.line} lineWidth={state.lineWidth} hatch={e.hatch} />
          <span className="legend-label">{e.label ?? tMaybe(lang, e.labelKey, e.value)}</span>
          <span className="legend-count">{e.count}</span>
        </li>
      ))}
    </ul>
  );
}

/** The line and handle over the map (inside the map element, DESIGN §11's data-testid="map"). */
function SwipeOverlay({ lang, fraction, setFraction, leftTitle, rightTitle }: { lang: Lang; fraction: number; setFraction: (f: number) => void; leftTitle: string; rightTitle: string }) {
  const [host, setHost] = useState<HTMLElement | null>(null);
  const overlay = useRef<HTMLDivElement>(null);
  useEffect(() => setHost(document.querySelector<HTMLElement>('[data-testid="map"]')), []);
  const fromPointer = (e: PointerEvent) => {
    const box = overlay.current?.getBoundingClientRect();
    if (box && box.width > 0) setFraction(Math.min(1, Math.max(0, (e.clientX - box.left) / box.width)));
  };
  const onKey = (e: KeyboardEvent) => {
    const d = e.key === 'ArrowLeft' ? -STEP : e.key === 'ArrowRight' ? STEP : e.key === 'Home' ? -1 : e.key === 'End' ? 1 : 0;
    if (d === 0) return;
    e.preventDefault();
    setFraction(Math.min(1, Math.max(0, fraction + d)));
  };
  if (!host) return null;
  const pct = `${(fraction * 100).toFixed(2)}%`;
  return createPortal(
    <div ref={overlay} className="swipe-overlay" data-testid="plan-swipe" data-fraction={fraction.toFixed(3)}>
      <div className="swipe-side swipe-side-left" style={{ right: `calc(100% - ${pct} + 14px)` }} data-testid="plan-swipe-left">
        <span aria-hidden="true">◀ </span>{leftTitle}
      </div>
      <div className="swipe-side swipe-side-right" style={{ left: `calc(${pct} + 14px)` }} data-testid="plan-swipe-right">
        {rightTitle}<span aria-hidden="true"> ▶</span>
      </div>
      <div className="swipe-line" style={{ left: pct }}>
        <div
          className="swipe-handle"
          role="slider"
          tabIndex={0}
          aria-label={t(lang, 'swipe.handle')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(fraction * 100)}
          title={t(lang, 'swipe.handle')}
          data-testid="plan-swipe-handle"
          onPointerDown={(e) => {
            e.stopPropagation();
            e.currentTarget.setPointerCapture(e.pointerId);
          }}
          onPointerMove={(e) => {
            if (e.currentTarget.hasPointerCapture(e.pointerId)) fromPointer(e);
          }}
          onKeyDown={onKey}
        >
          <svg viewBox="0 0 20 12" aria-hidden="true"><path d="M7 1L2 6l5 5M13 1l5 5-5 5" /></svg>
        </div>
      </div>
    </div>,
    host,
  );
}

export function PlanSwipe({ lang, project }: Pick<ToolPanelProps, 'lang' | 'project'>) {
  // The map's own controller (a stable object; the shell's accessor is a new function on every render).
  const controller = useMapController();
  const plans = useMemo(() => {
    const list = (project?.layers ?? []).filter((l) => l.kind === 'plan');
    const rank = (l: LoadedLayer) => {
      const i = PREFERRED.indexOf(planTypeOf(l) ?? '');
      return i < 0 ? PREFERRED.length : i;
    };
    return [...list].sort((a, b) => rank(a) - rank(b));
  }, [project]);
  const [left, setLeft] = useState<string>(() => plans[0]?.id ?? '');
  const [right, setRight] = useState<string>(() => plans[1]?.id ?? '');
  const [fraction, setFraction] = useState(0.5);
  // Parcels and zones under translucent plan fills make the classes hard to read: by default only the two plans.
  const [solo, setSolo] = useState(true);
  // Layers come and go (imports): keep choices that still exist.
  useEffect(() => {
    if (!plans.some((p) => p.id === left)) setLeft(plans[0]?.id ?? '');
    if (!plans.some((p) => p.id === right)) setRight(plans.find((p) => p.id !== left)?.id ?? '');
  }, [plans, left, right]);
  const valid = left !== '' && right !== '' && left !== right;
  useEffect(() => {
    controller?.setSwipe(valid ? { left, right, fraction, solo } : null);
  }, [controller, valid, left, right, fraction, solo]);
  // Leaving the comparison (or the panel) gives the map back as it was.
  useEffect(() => () => controller?.setSwipe(null), [controller]);
  const snapshot = useMapSnapshot();
  const stateOf = (id: string) => snapshot.layers.find((l) => l.id === id);
  const titleOf = (id: string) => plans.find((p) => p.id === id)?.title[lang] ?? id;

  if (plans.length < 2) return <p className="panel-empty" data-testid="plan-swipe-unavailable">{t(lang, 'swipe.needTwo')}</p>;
  const picker = (side: 'left' | 'right', value: string, onChange: (v: string) => void) => (
    <label className="review-field swipe-pick">
      <span>{t(lang, side === 'left' ? 'swipe.left' : 'swipe.right')}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)} data-testid={`plan-swipe-${side}-layer`}>
        {plans.map((p) => <option key={p.id} value={p.id}>{p.title[lang]}</option>)}
      </select>
      <Legend state={stateOf(value)} lang={lang} />
    </label>
  );
  return (
    <div className="swipe-panel" data-testid="plan-swipe-panel">
      <p className="review-hint swipe-hint">{t(lang, 'swipe.hint')}</p>
      <div className="swipe-picks">
        {picker('left', left, setLeft)}
        {picker('right', right, setRight)}
      </div>
      {!valid && <p className="conflicts-error">{t(lang, 'swipe.same')}</p>}
      <label className="swipe-solo">
        <input type="checkbox" checked={solo} onChange={(e) => setSolo(e.currentTarget.checked)} data-testid="plan-swipe-solo" />
        {t(lang, 'swipe.solo')}
      </label>
      <label className="review-field swipe-range">
        <span>{t(lang, 'swipe.position')}</span>
        <input type="range" min={0} max={100} step={1} value={Math.round(fraction * 100)} onChange={(e) => setFraction(Number(e.currentTarget.value) / 100)} data-testid="plan-swipe-range" />
      </label>
      {valid && <SwipeOverlay lang={lang} fraction={fraction} setFraction={setFraction} leftTitle={titleOf(left)} rightTitle={titleOf(right)} />}
    </div>
  );
}
