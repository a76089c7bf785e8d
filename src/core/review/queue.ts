// The land bureau's review queue: idle parcels, parcels about to become idle or reclaimable, and inefficient land,
// most urgent first. Built from evaluate()'s results; nothing here recomputes a metric or an idle finding.
import { addDays, daysBetween, type IsoDate } from '../dates';
import { DEFAULT_APPROACHING_DAYS, type Evaluation, type ParcelResult } from '../evaluate';
import type { RuleCheck } from '../rules/control';
import type { Disposal, IdleBasis, IdleResult } from '../rules/idle';
import type { Op, RuleName } from '../rules/ruleset';
import type { Locale } from '../units';
import { articleList, articlesOf } from './clauses';
import { decisionIndex, type Decision, type DecisionState } from './decisions';
import { BASIS_LABELS, DISPOSAL_LABELS, describeShortfall } from './labels';

/** Groups in order of urgency: reclaim due, fee due, negotiate, approaching (one- or two-year mark), inefficient. */
export type ReviewGroup = 'reclaim' | 'fee' | 'negotiate' | 'approaching' | 'inefficient' | 'undetermined';
export const REVIEW_GROUPS: readonly ReviewGroup[] = ['reclaim', 'fee', 'negotiate', 'approaching', 'inefficient', 'undetermined'];

export const GROUP_LABELS: Record<Locale, Record<ReviewGroup, string>> = {
  zh: { reclaim: '应无偿收回', fee: '应征缴闲置费', negotiate: '应协议处置', approaching: '临近期限', inefficient: '低效用地', undetermined: '无法判定' },
  en: { reclaim: 'Reclaim due', fee: 'Fee due', negotiate: 'Negotiation due', approaching: 'Approaching', inefficient: 'Inefficient', undetermined: 'Cannot be determined' },
};

/**
 * Rules whose failure marks land as inefficient (低效用地): investment, plot ratio, coverage and tax per 亩 —
 * the intensity and output tests of 低效工业用地退出 (seed 003 豫政〔2015〕42号 三(二); seed 000 三(三)2 盘活低效利用土地).
 */
export const INEFFICIENT_RULES: readonly RuleName[] = ['investmentIntensity', 'plotRatio', 'taxPerMu', 'buildingCoverage'];

export type ReviewReason =
  | { kind: 'idle'; basis: IdleBasis; since: IsoDate; idleYears: number; idleOn: IsoDate; reclaimOn: IsoDate; disposal: Disposal; feeWan: number | null; clause: string | null }
  /** Not idle yet: the first anniversary falls within the horizon. */
  | { kind: 'approaching_idle'; basis: IdleBasis; since: IsoDate; idleOn: IsoDate; daysUntil: number }
  /** Idle with a fee: the second anniversary (reclaim) falls within the horizon. */
  | { kind: 'approaching_reclaim'; reclaimOn: IsoDate; daysUntil: number }
  | { kind: 'rule'; rule: RuleName; value: number; threshold: number; op: Op; source: string }
  /** The data cannot decide: evaluate's isIdle is null. */
  | { kind: 'undetermined' };

export interface ReviewItem {
  parcelId: string;
  name: string | null;
  group: ReviewGroup;
  /** Sorting by this string (ascending) gives the queue's order. */
  urgencyKey: string;
  /** reclaim: reclaimOn; fee and negotiate: idleOn; approaching: the mark being approached; else null. */
  dueOn: IsoDate | null;
  /** dueOn − review date; negative when the date has passed. */
  daysUntilDue: number | null;
  reasons: ReviewReason[];
  areaMu: number | null;
  enterprise: string | null;
  park: string | null;
  zone: string | null;
  /** evaluate's disposal (null when undetermined). */
  disposal: Disposal | null;
  inefficient: boolean;
  /** Idle with a fee, its reclaim date within the horizon. */
  approachingReclaim: boolean;
  /** The bureau's decision in force, when decisions are given. */
  decision: Decision | null;
}

export interface GroupTotal {
  count: number;
  /** Σ 亩 over items whose area is known. */
  areaMu: number;
  /** Items without a usable area (not in areaMu). */
  areaUnknown: number;
}

export interface QueueFilter {
  parks?: readonly string[];
  zones?: readonly string[];
  disposals?: readonly Disposal[];
  /** Case-insensitive part of the enterprise name. */
  enterprise?: string;
  groups?: readonly ReviewGroup[];
  /** true: only parcels with a decision; false: only those without. */
  decided?: boolean;
}

export interface QueueOptions {
  filter?: QueueFilter;
  decisions?: DecisionState;
  /** Include parcels whose idle status the data cannot decide (default false). */
  includeUndetermined?: boolean;
  inefficientRules?: readonly RuleName[];
}

export interface ReviewQueue {
  reviewDate: IsoDate;
  /** The horizon, from evaluate (`approachingDays`), so the queue and the map agree. */
  approachingDays: number;
  items: ReviewItem[];
  /** Over the filtered items. */
  groups: Record<ReviewGroup, GroupTotal>;
  total: GroupTotal;
  /** Values present before filtering, for the filter controls. */
  facets: { parks: string[]; zones: string[]; enterprises: string[]; disposals: Disposal[] };
}

const RANK: Record<ReviewGroup, number> = { reclaim: 1, fee: 2, negotiate: 3, approaching: 4, inefficient: 5, undetermined: 6 };

function idleReason(idle: IdleResult): ReviewReason {
  return { kind: 'idle', basis: idle.basis!, since: idle.since!, idleYears: idle.idleYears!, idleOn: idle.idleOn!, reclaimOn: idle.reclaimOn!, disposal: idle.disposal!, feeWan: idle.feeWan, clause: idle.clause };
}

function ruleReasons(checks: readonly RuleCheck[], rules: ReadonlySet<RuleName>): ReviewReason[] {
  const out: ReviewReason[] = [];
  for (const c of checks) {
    if (c.status === 'fail' && rules.has(c.rule)) out.push({ kind: 'rule', rule: c.rule, value: c.value as number, threshold: c.threshold as number, op: c.op as Op, source: c.source });
  }
  return out;
}

/** One parcel's place in the queue, or null when it needs no review. */
export function reviewItemOf(p: ParcelResult, reviewDate: IsoDate, horizonEnd: IsoDate, inefficientRules: ReadonlySet<RuleName>, includeUndetermined = false): ReviewItem | null {
  const idle = p.idle;
  const reasons: ReviewReason[] = [];
  let group: ReviewGroup | null = null;
  let dueOn: IsoDate | null = null;
  let approachingReclaim = false;
  if (idle.isIdle === true) {
    group = idle.disposal === 'reclaim' ? 'reclaim' : idle.disposal === 'fee' ? 'fee' : 'negotiate';
    dueOn = group === 'reclaim' ? idle.reclaimOn : idle.idleOn;
    reasons.push(idleReason(idle));
    // A fee case turns into a reclaim case on the second anniversary (第十四条(二)): warn within the same horizon.
    if (idle.disposal === 'fee' && idle.reclaimOn !== null && idle.reclaimOn > reviewDate && idle.reclaimOn <= horizonEnd) {
      approachingReclaim = true;
      reasons.push({ kind: 'approaching_reclaim', reclaimOn: idle.reclaimOn, daysUntil: daysBetween(reviewDate, idle.reclaimOn) });
    }
  } else if (p.approaching) {
    group = 'approaching';
    dueOn = idle.idleOn;
    reasons.push({ kind: 'approaching_idle', basis: idle.basis!, since: idle.since!, idleOn: idle.idleOn!, daysUntil: daysBetween(reviewDate, idle.idleOn!) });
  }
  const failed = ruleReasons(p.checks, inefficientRules);
  reasons.push(...failed);
  const inefficient = failed.length > 0;
  if (group === null && inefficient) group = 'inefficient';
  if (group === null && includeUndetermined && idle.isIdle === null) {
    group = 'undetermined';
    reasons.push({ kind: 'undetermined' });
  }
  if (group === null) return null;
  // Idle groups: earliest date first (longest overdue / soonest due). Inefficient: most rules failed first.
  const middle = group === 'inefficient' ? String(9 - Math.min(failed.length, 9)) : (dueOn ?? '9999-12-31');
  return {
    parcelId: p.id,
    name: p.name,
    group,
    urgencyKey: `${RANK[group]}|${middle}|${p.id}`,
    dueOn,
    daysUntilDue: dueOn === null ? null : daysBetween(reviewDate, dueOn),
    reasons,
    areaMu: p.areaMu,
    enterprise: p.enterprise,
    park: p.park,
    zone: p.zone,
    disposal: idle.disposal,
    inefficient,
    approachingReclaim,
    decision: null,
  };
}

const emptyTotal = (): GroupTotal => ({ count: 0, areaMu: 0, areaUnknown: 0 });

function add(t: GroupTotal, item: ReviewItem): void {
  t.count++;
  if (item.areaMu === null) t.areaUnknown++;
  else t.areaMu += item.areaMu;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

function matches(item: ReviewItem, f: QueueFilter): boolean {
  if (f.parks?.length && (item.park === null || !f.parks.includes(item.park))) return false;
  if (f.zones?.length && (item.zone === null || !f.zones.includes(item.zone))) return false;
  if (f.disposals?.length && (item.disposal === null || !f.disposals.includes(item.disposal))) return false;
  if (f.groups?.length && !f.groups.includes(item.group)) return false;
  if (f.enterprise && f.enterprise.trim() !== '' && !fold(item.enterprise ?? '').includes(fold(f.enterprise.trim()))) return false;
  if (f.decided !== undefined && (item.decision !== null) !== f.decided) return false;
  return true;
}

const sorted = (values: Iterable<string | null>) => [...new Set([...values].filter((v): v is string => v !== null))].sort();

/** The review items of an evaluation, most urgent first, without decisions: the costly part, once per evaluation. */
export interface ReviewItems {
  reviewDate: IsoDate;
  approachingDays: number;
  all: readonly ReviewItem[];
}

export function reviewItems(evaluation: Evaluation, options: Pick<QueueOptions, 'includeUndetermined' | 'inefficientRules'> = {}): ReviewItems {
  const builder = reviewItemsBuilder(evaluation, options);
  builder.add(evaluation.parcels);
  return builder.finish();
}

/**
 * reviewItems in steps, for parcel results that arrive in parts (the data worker's): `add` each part, `finish`
 * sorts. The same items as reviewItems over all the parts at once.
 */
export function reviewItemsBuilder(at: Pick<Evaluation, 'reviewDate' | 'approachingDays'>, options: Pick<QueueOptions, 'includeUndetermined' | 'inefficientRules'> = {}): { add: (parcels: readonly ParcelResult[]) => void; finish: () => ReviewItems } {
  const reviewDate = at.reviewDate;
  // An evaluation made before evaluate() recorded its horizon (e.g. cached) used the default.
  const approachingDays = at.approachingDays ?? DEFAULT_APPROACHING_DAYS;
  const horizonEnd = addDays(reviewDate, approachingDays);
  const rules = new Set(options.inefficientRules ?? INEFFICIENT_RULES);
  const all: ReviewItem[] = [];
  return {
    add: (parcels) => {
      for (const p of parcels) {
        const item = reviewItemOf(p, reviewDate, horizonEnd, rules, options.includeUndetermined ?? false);
        if (item) all.push(item);
      }
    },
    finish: () => {
      all.sort((a, b) => (a.urgencyKey < b.urgencyKey ? -1 : a.urgencyKey > b.urgencyKey ? 1 : 0));
      return { reviewDate, approachingDays, all };
    },
  };
}

/** The queue from its items: decisions joined, filtered, with count and 亩 per group (cheap: filters and decisions change often). */
export function queueOf(base: ReviewItems, options: Pick<QueueOptions, 'filter' | 'decisions'> = {}): ReviewQueue {
  const decisions = options.decisions ? decisionIndex(options.decisions) : null;
  // The base items are shared between calls: an item with a decision is a copy.
  const all = decisions
    ? base.all.map((i) => {
      const decision = decisions.get(i.parcelId);
      return decision ? { ...i, decision } : i;
    })
    : base.all;
  const filter = options.filter ?? {};
  const items = all.filter((i) => matches(i, filter));
  const groups = Object.fromEntries(REVIEW_GROUPS.map((g) => [g, emptyTotal()])) as Record<ReviewGroup, GroupTotal>;
  const total = emptyTotal();
  for (const item of items) {
    add(groups[item.group], item);
    add(total, item);
  }
  return {
    reviewDate: base.reviewDate,
    approachingDays: base.approachingDays,
    items,
    groups,
    total,
    facets: {
      parks: sorted(all.map((i) => i.park)),
      zones: sorted(all.map((i) => i.zone)),
      enterprises: sorted(all.map((i) => i.enterprise)),
      disposals: sorted(all.map((i) => i.disposal)) as Disposal[],
    },
  };
}

/** The review queue at the evaluation's review date, most urgent first, filtered, with count and 亩 per group. */
export function buildReviewQueue(evaluation: Evaluation, options: QueueOptions = {}): ReviewQueue {
  return queueOf(reviewItems(evaluation, options), options);
}

/** One reason as a line of text, e.g. "闲置 1 年（已动工但中止开发，自 2025-06-30），征收土地闲置费 79.71 万元". */
export function describeReason(r: ReviewReason, locale: Locale): string {
  const zh = locale === 'zh';
  switch (r.kind) {
    case 'idle': {
      const fee = r.disposal === 'fee' ? (r.feeWan === null ? (zh ? '，地价缺失，闲置费无法计算' : ', fee unknown (no land price)') : zh ? ` ${r.feeWan.toFixed(2)} 万元` : ` ${r.feeWan.toFixed(2)} (10k CNY)`) : '';
      const articles = articleList(articlesOf(r.clause, r.disposal), locale);
      return zh
        ? `闲置 ${r.idleYears} 年（${BASIS_LABELS.zh[r.basis]}，自 ${r.since}），${DISPOSAL_LABELS.zh[r.disposal]}${fee}${articles ? `，依据${articles}` : ''}`
        : `idle ${r.idleYears} y (${BASIS_LABELS.en[r.basis].toLowerCase()}, since ${r.since}): ${DISPOSAL_LABELS.en[r.disposal].toLowerCase()}${fee}${articles ? `; ${articles}` : ''}`;
    }
    case 'approaching_idle':
      return zh ? `${r.idleOn} 满一年（还有 ${r.daysUntil} 天），${BASIS_LABELS.zh[r.basis]}，自 ${r.since}` : `one full year on ${r.idleOn} (in ${r.daysUntil} days), ${BASIS_LABELS.en[r.basis].toLowerCase()} since ${r.since}`;
    case 'approaching_reclaim':
      return zh ? `${r.reclaimOn} 满两年，届时应无偿收回（还有 ${r.daysUntil} 天）` : `two full years on ${r.reclaimOn} (in ${r.daysUntil} days): reclaim from then`;
    case 'rule':
      return describeShortfall(r.rule, r.value, r.op, r.threshold, locale);
    case 'undetermined':
      return zh ? '数据不足，无法判定是否闲置' : 'the data cannot determine whether it is idle';
  }
}
