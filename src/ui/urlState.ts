// The state worth sharing lives in the URL (issue 4): map view, layers shown, opacity, thematic styling and
// selection. Written with replaceState (debounced), read once on load. Other parameters (`layers=`, `lang=`) are
// kept as they are. Compact keys: v=lon,lat,zoom[,bearing] · show=ids · hide=ids · op=id:0.5,… · theme=metric:method · sel=layer~id.
import type { ClassMethod } from '../core/classify';
import type { FeatureRef, MapView } from '../map/types';

export interface ThemeSetting {
  /** `none` = the layer's own cartography (land use for parcels). */
  metric: ThemeMetric;
  method: ClassMethod;
}

export const THEME_METRICS = ['none', 'compliance', 'investmentIntensity', 'plotRatio', 'buildingCoverage', 'greenRatio', 'taxPerMu', 'idleYears'] as const;
export type ThemeMetric = (typeof THEME_METRICS)[number];
const METHODS: readonly ClassMethod[] = ['quantile', 'equalInterval', 'threshold'];

export const DEFAULT_THEME: ThemeSetting = { metric: 'none', method: 'threshold' };

export interface UrlState {
  view: MapView | null;
  visibility: Record<string, boolean>;
  opacity: Record<string, number>;
  theme: ThemeSetting;
  selection: FeatureRef | null;
}

const KEYS = ['v', 'show', 'hide', 'op', 'theme', 'sel'] as const;

const list = (s: string | null): string[] => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

export function readUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  let view: MapView | null = null;
  const v = list(q.get('v')).map(Number);
  if (v.length >= 3 && v.every(Number.isFinite) && Math.abs(v[0]) <= 180 && Math.abs(v[1]) <= 90 && v[2] >= 0 && v[2] <= 24) {
    view = { center: [v[0], v[1]], zoom: v[2], bearing: v[3] ?? 0 };
  }
  const visibility: Record<string, boolean> = {};
  for (const id of list(q.get('show'))) visibility[id] = true;
  for (const id of list(q.get('hide'))) visibility[id] = false;
  const opacity: Record<string, number> = {};
  for (const pair of list(q.get('op'))) {
    const at = pair.lastIndexOf(':');
    const n = Number(pair.slice(at + 1));
    if (at > 0 && Number.isFinite(n) && n >= 0 && n <= 1) opacity[pair.slice(0, at)] = n;
  }
  const [metric, method] = (q.get('theme') ?? '').split(':');
  const theme: ThemeSetting = {
    metric: (THEME_METRICS as readonly string[]).includes(metric) ? (metric as ThemeMetric) : DEFAULT_THEME.metric,
    method: (METHODS as readonly string[]).includes(method) ? (method as ClassMethod) : DEFAULT_THEME.method,
  };
  const sel = q.get('sel');
  const tilde = sel ? sel.indexOf('~') : -1;
  const selection = sel && tilde > 0 && tilde < sel.length - 1 ? { layerId: sel.slice(0, tilde), featureId: sel.slice(tilde + 1) } : null;
  return { view, visibility, opacity, theme, selection };
}

/** The search string for a state, keeping every parameter this module does not own. */
export function writeSearch(search: string, s: UrlState): string {
  const q = new URLSearchParams(search);
  for (const k of KEYS) q.delete(k);
  if (s.view) {
    const [lon, lat] = s.view.center;
    const parts = [lon.toFixed(5), lat.toFixed(5), s.view.zoom.toFixed(2)];
    if (Math.abs(s.view.bearing) > 0.01) parts.push(s.view.bearing.toFixed(1));
    q.set('v', parts.join(','));
  }
  const shown = Object.entries(s.visibility).filter(([, v]) => v).map(([id]) => id);
  const hidden = Object.entries(s.visibility).filter(([, v]) => !v).map(([id]) => id);
  if (shown.length) q.set('show', shown.join(','));
  if (hidden.length) q.set('hide', hidden.join(','));
  const op = Object.entries(s.opacity).filter(([, v]) => v < 1).map(([id, v]) => `${id}:${v.toFixed(2)}`);
  if (op.length) q.set('op', op.join(','));
  if (s.theme.metric !== 'none') q.set('theme', `${s.theme.metric}:${s.theme.method}`);
  if (s.selection) q.set('sel', `${s.selection.layerId}~${s.selection.featureId}`);
  // Commas, colons, tildes and slashes read better unescaped, and are legal in a query.
  return q.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':').replace(/%7E/gi, '~').replace(/%2F/gi, '/');
}

let timer: ReturnType<typeof setTimeout> | null = null;

/** Replaces the URL (no history entry) after `ms` without further calls. */
export function writeUrlStateDebounced(s: UrlState, ms = 250): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    const search = writeSearch(window.location.search, s);
    const url = `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`;
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(window.history.state, '', url);
  }, ms);
}
