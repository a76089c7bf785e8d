// How the review panel words core's dates, decisions and audit entries. Nothing here computes a figure.
import type { IsoDate } from '../../core/dates';
import { DECISION_LABELS, NEGOTIATION_LABELS, type Decision } from '../../core/review/decisions';
import { t, type Lang } from '../i18n';

/** "还有 36 天" / "已过 121 天" / "即审查基准日" for core's day counts (date − review date). */
export function daysText(days: number | null, lang: Lang): string {
  if (days === null) return '';
  if (days === 0) return t(lang, 'review.days.today');
  return days > 0 ? t(lang, 'review.days.future', { n: days }) : t(lang, 'review.days.past', { n: -days });
}

/** "2026-08-05（还有 36 天）". */
export function dateWithDays(date: IsoDate | null, days: number | null, lang: Lang): string {
  if (date === null) return '—';
  const d = daysText(days, lang);
  return d ? `${date}${lang === 'zh' ? `（${d}）` : ` (${d})`}` : date;
}

/** The decision's kind with its negotiation type: "协议处置（延长动工开发期限）". */
export function decisionKindText(d: Pick<Decision, 'kind' | 'negotiation'>, lang: Lang): string {
  const kind = DECISION_LABELS[lang][d.kind];
  if (!d.negotiation) return kind;
  const sub = NEGOTIATION_LABELS[lang][d.negotiation];
  return lang === 'zh' ? `${kind}（${sub}）` : `${kind} (${sub})`;
}

/** One line for a decision: kind, reason, date and 文号. */
export function decisionText(d: Decision, lang: Lang): string {
  const parts = [decisionKindText(d, lang)];
  if (d.reason) parts.push(lang === 'zh' ? `理由：${d.reason}` : `reason: ${d.reason}`);
  parts.push(t(lang, 'review.decision.dated', { date: d.date }));
  if (d.reference) parts.push(t(lang, 'review.decision.ref', { ref: d.reference }));
  return parts.join(lang === 'zh' ? '，' : ', ');
}

/** An ISO instant in the reader's local time, to the minute. */
export function instantText(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return iso;
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}
