// Small text helpers for slide titles (numbers written as in policy texts: 230, not 230.0).
import type { Op } from '../rules/ruleset';

export const OP_TEXT: Record<Op, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

/** A number with at most `digits` decimals and no trailing zeros. */
export function formatPlain(v: number, digits = 2): string {
  return String(Number(v.toFixed(digits)));
}
