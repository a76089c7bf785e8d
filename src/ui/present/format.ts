// How a slide writes core's figures: the number large, its unit small, and the rule or target under it.
// Nothing here computes a figure; it only chooses digits and words for a value core returned.
import type { FigureUnit, ResolvedFigure } from '../../core/deck/figures';
import { formatNumber } from '../../core/units';
import type { Lang } from '../i18n';
import { OP_SIGN } from '../inspector/format';
import { ps, type PresentKey } from './strings';

export interface FigureText {
  /** The number (or a word: a status, "not computed"). */
  value: string;
  unit: string;
  /** The rule or the target, one line; null when none applies. */
  sub: string | null;
  /** Share of the target reached, written ("7.9%"), beside the progress bar; null without a target. */
  progress: string | null;
  tone: 'pass' | 'fail' | 'muted' | null;
}

const UNIT_KEY: Partial<Record<FigureUnit, PresentKey>> = {
  mu: 'unit.mu', wanPerMu: 'unit.wanPerMu', wan: 'unit.wan', parcels: 'unit.parcels', villages: 'unit.villages', people: 'unit.people',
  households: 'unit.households', units: 'unit.units', conflicts: 'unit.conflicts', year: 'unit.year',
};

const STATUS_KEY: Record<string, PresentKey> = {
  done: 'present.state.done', in_progress: 'present.state.in_progress', planned: 'present.state.planned',
};

/** A value in a unit: "17,922 亩", "77.2%", "1.42", "519.2 万元" (English: "5.19 M CNY"). */
export function valueText(value: number, unit: FigureUnit, digits: number, lang: Lang): { value: string; unit: string } {
  switch (unit) {
    case 'percent': return { value: `${formatNumber(value * 100, lang, digits)}%`, unit: '' };
    case 'ratio': return { value: formatNumber(value, lang, digits), unit: '' };
    case 'year': return { value: String(value), unit: ps(lang, 'unit.year') };
    // English readers count money in million yuan (1 万元 = 0.01 M CNY), as the dashboard does.
    case 'wan': return lang === 'zh' ? { value: formatNumber(value, lang, digits), unit: ps(lang, 'unit.wan') } : { value: formatNumber(value / 100, lang, 2), unit: ps(lang, 'unit.wan') };
    default: {
      const key = UNIT_KEY[unit];
      return { value: formatNumber(value, lang, digits), unit: key ? ps(lang, key) : '' };
    }
  }
}

/** Why figures the overlay gives are absent: its run is under way, or it failed (null: it has not run). */
export type PendingState = 'computing' | 'failed' | null;

export function figureText(f: ResolvedFigure, lang: Lang, pending: PendingState = null): FigureText {
  if (f.unit === 'status') {
    const key = f.code ? STATUS_KEY[f.code] : undefined;
    return { value: key ? ps(lang, key) : ps(lang, 'present.missing'), unit: '', sub: null, progress: null, tone: key ? null : 'muted' };
  }
  if (f.value === null) {
    const notComputed = pending === 'computing' ? ps(lang, 'present.computing') : pending === 'failed' ? ps(lang, 'present.failed') : ps(lang, 'present.notComputed');
    const word = f.note === 'not_computed' ? notComputed : f.note === 'no_scope' ? ps(lang, 'present.noScope') : '—';
    // "Not computed" needs no second line on every card: the slide's chart box says why, once.
    const sub = f.note === 'missing' ? ps(lang, 'present.missing') : null;
    return { value: word, unit: '', sub, progress: null, tone: 'muted' };
  }
  const main = valueText(f.value, f.unit, f.digits, lang);
  let sub: string | null = null;
  let progress: string | null = null;
  let tone: FigureText['tone'] = null;
  if (f.check) {
    const t = valueText(f.check.threshold, f.unit, f.unit === 'ratio' ? 2 : f.unit === 'percent' ? 0 : 0, lang);
    const verdict = f.check.status === 'pass' ? ps(lang, 'present.pass') : f.check.status === 'fail' ? ps(lang, 'present.fail') : ps(lang, 'present.missing');
    sub = `${ps(lang, 'present.target', { op: OP_SIGN[f.check.op], value: `${t.value}${t.unit ? ` ${t.unit}` : ''}` })} · ${verdict}`;
    tone = f.check.status === 'pass' ? 'pass' : f.check.status === 'fail' ? 'fail' : null;
  } else if (f.target) {
    // The target's scope (e.g. a whole city's task) is on the slide's subtitle; the card keeps to one line.
    const t = valueText(f.target.value, f.unit, 0, lang);
    progress = f.target.share === null ? '—' : `${formatNumber(f.target.share * 100, lang, 1)}%`;
    sub = ps(lang, 'present.progress', { value: `${f.target.approximate ? (lang === 'zh' ? '近' : '~') : ''}${t.value}${t.unit ? ` ${t.unit}` : ''}` });
  }
  return { ...main, sub, progress, tone };
}
