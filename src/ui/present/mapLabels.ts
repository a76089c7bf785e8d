// Names written over a slide's map (the map layers draw no text): villages on the relocation slides, and on a 3D
// slide the parcels core flags for the slide's metric, each with its value, so the few failing blocks are found at
// once among the many. Positions come from the map's own projection once the view has settled; nothing is measured.
import type { Feature } from 'geojson';
import type { Evaluation, VillageResult } from '../../core/evaluate';
import type { ParcelMetric, Slide } from '../../core/deck/types';
import { featureId } from '../../map/featureInfo';
import type { EvaluatedProject } from '../data/evaluation';
import type { Lang } from '../i18n';
import { valueText } from './format';
import type { Padding, PresentLayer } from './scene';

export interface MapLabel {
  id: string;
  /** The name (a village, an enterprise or parcel), as text. */
  name: string;
  /** A second part in the label (the flagged value), or null. */
  detail: string | null;
  kind: 'village' | 'flag';
  /** Screen position of the label's bottom centre, CSS px in the presentation. */
  x: number;
  y: number;
}

/** Box of a feature's coordinates: [west, south, east, north] (a drawing aid). */
function boxOf(f: Feature): [number, number, number, number] | null {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (coords: unknown) => {
    if (!Array.isArray(coords)) return;
    if (typeof coords[0] === 'number') {
      const [x, y] = coords as number[];
      box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y); box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
      return;
    }
    for (const c of coords) visit(c);
  };
  if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(box[0]) ? box : null;
}

/** Features of some kinds by id, once per set of layers (the layers of a presentation do not change). */
export function featuresById(layers: readonly PresentLayer[], kinds: ReadonlySet<string>): Map<string, Feature> {
  const out = new Map<string, Feature>();
  for (const l of layers) {
    if (!kinds.has(l.kind)) continue;
    for (const f of l.data.features) {
      const id = featureId(f);
      if (id !== null) out.set(id, f);
    }
  }
  return out;
}

const inside = (x: number, y: number, padding: Padding, view: { w: number; h: number }) =>
  x >= padding.left && x <= view.w - padding.right && y >= padding.top + 30 && y <= view.h - padding.bottom;

/** Village names above their polygons (villages whose polygon is on the free part of the screen). */
export function villageLabels(
  villages: readonly VillageResult[], features: ReadonlyMap<string, Feature>, project: (p: [number, number]) => [number, number],
  padding: Padding, view: { w: number; h: number },
): MapLabel[] {
  return villages.flatMap((v) => {
    const f = features.get(v.id);
    const box = f ? boxOf(f) : null;
    if (!box) return [];
    const [x, y] = project([(box[0] + box[2]) / 2, box[3]]);
    return inside(x, y, padding, view) ? [{ id: v.id, name: v.village ?? v.id, detail: null, kind: 'village' as const, x, y: y - 6 }] : [];
  });
}

/** At most this many callouts: more would cover the blocks they point at. */
export const MAX_FLAG_LABELS = 6;

/**
 * Callouts over the parcels of the deck's park that core flags for the slide's metric rule (e.g. investment
 * intensity below the threshold), with core's value, placed above each block's roof (`elevation` in metres).
 */
export function flaggedParcelLabels(
  slide: Slide, parkId: string | null, evaluated: EvaluatedProject | null, features: ReadonlyMap<string, Feature>,
  elevation: ((f: Feature) => number) | null, project: (p: [number, number]) => [number, number], pitch: number,
  padding: Padding, view: { w: number; h: number }, lang: Lang, u = 1,
): MapLabel[] {
  const style = slide.map.parcelStyle;
  if (!evaluated || style.by !== 'metric' || !slide.map.extrude) return [];
  const metric: ParcelMetric = style.metric;
  const flagged = evaluated.evaluation.parcels
    .filter((p) => (parkId === null || p.park === parkId) && p.flags.some((f) => f.rule === metric))
    .sort((a, b) => (b.areaM2 ?? 0) - (a.areaM2 ?? 0))
    .slice(0, MAX_FLAG_LABELS);
  const sinP = Math.sin((pitch * Math.PI) / 180);
  const placed = flagged.flatMap((p) => {
    const f = features.get(p.id);
    const box = f ? boxOf(f) : null;
    if (!f || !box) return [];
    const centre: [number, number] = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
    const [x, y] = project(centre);
    // Screen pixels per metre here, from the map's projection of a point 100 m east; a height h rises h·sin(pitch) of them.
    const east = project([centre[0] + 100 / (111_320 * Math.cos((centre[1] * Math.PI) / 180)), centre[1]]);
    const perMetre = Math.hypot(east[0] - x, east[1] - y) / 100;
    const top = y - (elevation ? elevation(f) : 0) * perMetre * sinP;
    if (!inside(x, top, padding, view)) return [];
    const value = valueOf(p, metric);
    const detail = value === null ? null : (() => {
      const t = valueText(value, metric === 'investmentIntensity' ? 'wanPerMu' : metric === 'plotRatio' ? 'ratio' : metric === 'taxPerMu' ? 'wanPerMu' : 'percent', metric === 'plotRatio' ? 2 : 1, lang);
      return t.unit ? `${t.value} ${t.unit}` : t.value;
    })();
    return [{ id: p.id, name: p.enterprise ?? p.name ?? p.id, detail, kind: 'flag' as const, x, y: top - 10 }];
  });
  return apart(placed, u);
}

/** Rough width of a text line at `px` (CJK a full em, other characters about half): enough to keep callouts apart. */
const textWidth = (text: string, px: number) => [...text].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? px : 0.56 * px), 0);

/** Callouts that would overlap are raised above the one below them (each keeps its x, over its own block). */
function apart(labels: MapLabel[], u: number): MapLabel[] {
  const px = 28 * u;
  const size = (l: MapLabel) => ({ w: Math.max(textWidth(l.name, px), textWidth(l.detail ?? '', px)) + 36 * u, h: (l.detail ? 2 : 1) * px * 1.1 + 20 * u });
  const out: MapLabel[] = [];
  // From the bottom of the screen up: a label is raised clear of those already placed below it.
  for (const l of [...labels].sort((a, b) => b.y - a.y)) {
    const s = size(l);
    let y = l.y;
    for (let moved = true; moved;) {
      moved = false;
      for (const o of out) {
        const t = size(o);
        const overlapX = Math.abs(l.x - o.x) < (s.w + t.w) / 2 + 6 * u;
        const overlapY = y > o.y - t.h - 6 * u && y - s.h < o.y + 6 * u;
        if (overlapX && overlapY) {
          y = o.y - t.h - 8 * u;
          moved = true;
        }
      }
    }
    out.push({ ...l, y });
  }
  return out;
}

function valueOf(p: Evaluation['parcels'][number], metric: ParcelMetric): number | null {
  switch (metric) {
    case 'investmentIntensity': return p.investmentIntensity;
    case 'plotRatio': return p.plotRatio;
    case 'buildingCoverage': return p.buildingCoverage;
    case 'greenRatio': return p.greenRatio;
    case 'taxPerMu': return p.taxPerMu;
    case 'idleYears': return null;
  }
}
