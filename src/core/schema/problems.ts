// Problems found in input: each names the file, the feature and the field, in both UI languages.
import type { Locale } from '../units';

export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  /** Stable machine-readable code, e.g. `ring-self-intersection`. */
  code: string;
  file: string;
  /** The feature's id, when it has one. */
  featureId?: string;
  /** 0-based position of the feature in the file. */
  featureIndex?: number;
  field?: string;
  message: { zh: string; en: string };
}

export function problem(
  severity: Severity,
  code: string,
  where: { file: string; featureId?: string; featureIndex?: number; field?: string },
  en: string,
  zh: string,
): Problem {
  const p: Problem = { severity, code, file: where.file, message: { en, zh } };
  if (where.featureId !== undefined) p.featureId = where.featureId;
  if (where.featureIndex !== undefined) p.featureIndex = where.featureIndex;
  if (where.field !== undefined) p.field = where.field;
  return p;
}

/** One line for people: "parcels.geojson: feature P012 (#12), field investmentWan: …". */
export function formatProblem(p: Problem, locale: Locale = 'en'): string {
  const parts: string[] = [p.file];
  if (p.featureId !== undefined || p.featureIndex !== undefined) {
    const id = p.featureId !== undefined ? JSON.stringify(p.featureId) : '';
    const index = p.featureIndex !== undefined ? `#${p.featureIndex + 1}` : '';
    parts.push(locale === 'zh' ? `要素 ${[id, index && `(第${p.featureIndex! + 1}个)`].filter(Boolean).join(' ')}` : `feature ${[id, index && `(${index})`].filter(Boolean).join(' ')}`);
  }
  if (p.field) parts.push(locale === 'zh' ? `字段 ${p.field}` : `field ${p.field}`);
  const label = p.severity === 'error' ? (locale === 'zh' ? '错误' : 'error') : locale === 'zh' ? '警告' : 'warning';
  return `${parts.join(', ')}: ${label}: ${p.message[locale]}`;
}

export const hasErrors = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error');
