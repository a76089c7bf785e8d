// Class breaks for thematic maps (choropleths): pure functions over plain numbers, no DOM.
// Missing values (null, NaN, ±Infinity) are never classed: the map draws them in their own "missing data" style.

export type ClassMethod = 'quantile' | 'equalInterval' | 'threshold';

export const CLASS_METHODS: readonly ClassMethod[] = ['quantile', 'equalInterval', 'threshold'];

export interface ClassBreaks {
  method: ClassMethod;
  /**
   * Class boundaries, ascending: class i holds values v with bounds[i] ≤ v < bounds[i+1]; the last class also
   * holds its upper bound. bounds[0] is the minimum, bounds[n] the maximum of the known values.
   */
  bounds: number[];
  /** Index of the boundary that is the policy threshold (method `threshold`), else null. */
  thresholdIndex: number | null;
  /**
   * A value equal to the threshold goes to the class below it (rules "> X" and "≤ X", where X itself is on the
   * lower side of pass/fail); otherwise to the class above ("≥ X", "< X").
   */
  thresholdBelow?: boolean;
}

export const isKnown = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

function sortedKnown(values: readonly (number | null | undefined)[]): number[] {
  return values.filter(isKnown).sort((a, b) => a - b);
}

/** Drops repeated boundaries (ties in the data), keeping the first and last. */
function dedupe(bounds: number[]): number[] {
  const out: number[] = [];
  for (const b of bounds) if (out.length === 0 || b > out[out.length - 1]) out.push(b);
  if (out.length === 1) out.push(out[0]);
  return out;
}

/**
 * Quantile breaks: about the same number of features in each of `k` classes. A boundary is the smallest value
 * of its class (no interpolation), so each boundary is a real observed value; tied values share one class.
 */
export function quantileBreaks(values: readonly (number | null | undefined)[], k: number): ClassBreaks | null {
  const s = sortedKnown(values);
  if (s.length === 0 || k < 1) return null;
  const bounds = [s[0]];
  for (let i = 1; i < k; i++) bounds.push(s[Math.min(s.length - 1, Math.floor((i * s.length) / k))]);
  bounds.push(s[s.length - 1]);
  return { method: 'quantile', bounds: dedupe(bounds), thresholdIndex: null };
}

/** Equal-interval breaks: `k` classes of the same width between the minimum and the maximum. */
export function equalIntervalBreaks(values: readonly (number | null | undefined)[], k: number): ClassBreaks | null {
  const s = sortedKnown(values);
  if (s.length === 0 || k < 1) return null;
  const min = s[0];
  const max = s[s.length - 1];
  if (min === max) return { method: 'equalInterval', bounds: [min, max], thresholdIndex: null };
  const bounds = Array.from({ length: k + 1 }, (_, i) => (i === k ? max : min + ((max - min) * i) / k));
  return { method: 'equalInterval', bounds, thresholdIndex: null };
}

/**
 * The policy threshold as a break: `below` equal classes from the minimum up to the threshold and `above` from
 * the threshold to the maximum, so "fails" and "passes" never share a class. A threshold outside the data range
 * still becomes a boundary (the range is widened to it), so the legend always shows where the rule lies.
 */
export function thresholdBreaks(values: readonly (number | null | undefined)[], threshold: number, below = 2, above = 2, thresholdBelow = false): ClassBreaks | null {
  const s = sortedKnown(values);
  if (s.length === 0 || !Number.isFinite(threshold)) return null;
  const min = Math.min(s[0], threshold);
  const max = Math.max(s[s.length - 1], threshold);
  const lower = min < threshold ? Array.from({ length: below }, (_, i) => min + ((threshold - min) * i) / below) : [];
  const upper = max > threshold ? Array.from({ length: above }, (_, i) => threshold + ((max - threshold) * (i + 1)) / above) : [];
  const bounds = [...lower, threshold, ...upper];
  if (bounds.length === 1) bounds.push(threshold);
  return { method: 'threshold', bounds, thresholdIndex: lower.length, thresholdBelow };
}

export function classBreaks(method: ClassMethod, values: readonly (number | null | undefined)[], k: number, threshold: number | null, thresholdBelow = false): ClassBreaks | null {
  if (method === 'threshold') return threshold === null ? null : thresholdBreaks(values, threshold, Math.max(1, Math.floor(k / 2)), Math.max(1, Math.ceil(k / 2)), thresholdBelow);
  return method === 'quantile' ? quantileBreaks(values, k) : equalIntervalBreaks(values, k);
}

/** Number of classes the breaks define. */
export const classCount = (b: ClassBreaks): number => b.bounds.length - 1;

/** The class of a value (0-based), or null for a missing value. Values outside the range go to the end classes. */
export function classOf(b: ClassBreaks, value: number | null | undefined): number | null {
  if (!isKnown(value)) return null;
  const n = classCount(b);
  if (b.thresholdBelow && b.thresholdIndex !== null && b.thresholdIndex > 0 && value === b.bounds[b.thresholdIndex]) return b.thresholdIndex - 1;
  for (let i = 1; i < n; i++) if (value < b.bounds[i]) return i - 1;
  return n - 1;
}

/** How many values fall in each class, plus the missing ones. */
export function classCounts(b: ClassBreaks, values: readonly (number | null | undefined)[]): { counts: number[]; missing: number } {
  const counts = new Array<number>(classCount(b)).fill(0);
  let missing = 0;
  for (const v of values) {
    const c = classOf(b, v);
    if (c === null) missing++;
    else counts[c]++;
  }
  return { counts, missing };
}
