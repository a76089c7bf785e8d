// One parcel's idle-land case as the reviewer reads it: the finding with its facts, dates, fee and clauses.
// Everything follows the evaluation's review date; re-evaluate at another date to see the case then.
import { daysBetween, type IsoDate } from '../dates';
import type { Evaluation, ParcelResult } from '../evaluate';
import type { RuleCheck } from '../rules/control';
import { DEVELOPED_SHARE_MARK, IDLE_FEE_RATE, INVESTED_SHARE_MARK, RECLAIM_YEARS, idleShares, type Disposal, type IdleBasis } from '../rules/idle';
import type { ParcelRecord } from '../schema/fields';
import type { ValidatedLayer } from '../schema/validate';
import { articlesOf, type ArticleRef } from './clauses';
import { decisionFor, historyOf, type AuditEntry, type Decision, type DecisionState } from './decisions';
import { INEFFICIENT_RULES } from './queue';

/** The typed parcel records of the loaded layers, keyed as evaluate keys its results (file and id). */
export type ParcelRecordIndex = ReadonlyMap<string, ParcelRecord>;

const recordKey = (file: string, id: string) => `${file}\u0000${id}`;

export function parcelRecordIndex(layers: readonly ValidatedLayer[]): ParcelRecordIndex {
  const index = new Map<string, ParcelRecord>();
  for (const l of layers) {
    if (l.kind !== 'parcel') continue;
    // Same file name as evaluate gives ParcelResult.file.
    const file = l.layer.name ?? 'parcel';
    for (const r of l.records as ParcelRecord[]) {
      const key = recordKey(file, r.id);
      if (!index.has(key)) index.set(key, r);
    }
  }
  return index;
}

export function recordOf(index: ParcelRecordIndex, parcel: Pick<ParcelResult, 'file' | 'id'>): ParcelRecord | null {
  return index.get(recordKey(parcel.file, parcel.id)) ?? null;
}

/** Inputs whose absence leaves the finding undetermined (evaluate's isIdle null). */
export type MissingForFinding = 'agreedStartDate' | 'developedAreaM2' | 'investedWan' | 'plannedInvestmentWan' | 'areaM2';

export interface CaseView {
  reviewDate: IsoDate;
  parcelId: string;
  name: string | null;
  enterprise: string | null;
  park: string | null;
  zone: string | null;
  areaM2: number | null;
  areaMu: number | null;
  /** The facts the finding rests on (第二条), as recorded. */
  facts: {
    agreedStartDate: IsoDate | null;
    actualStartDate: IsoDate | null;
    /** Started by the review date (a start recorded after it does not count). */
    started: boolean;
    haltedSince: IsoDate | null;
    developedAreaM2: number | null;
    developedShare: number | null;
    developedShareMark: number;
    investedWan: number | null;
    plannedInvestmentWan: number | null;
    investedShare: number | null;
    investedShareMark: number;
    governmentCaused: boolean;
    landPriceWan: number | null;
  };
  determination: {
    isIdle: boolean | null;
    basis: IdleBasis | null;
    since: IsoDate | null;
    idleYears: number | null;
    idleOn: IsoDate | null;
    reclaimOn: IsoDate | null;
    /** idleOn − review date (negative once passed). */
    daysUntilIdle: number | null;
    daysUntilReclaim: number | null;
    approaching: boolean;
    disposal: Disposal | null;
    /** 第十四条(一): 20% of the land price. */
    feeRate: number;
    reclaimYears: number;
    feeWan: number | null;
    /** The fee is due but the land price is missing. */
    feeUnknown: boolean;
    clause: string | null;
    articles: ArticleRef[];
    /** Why the data cannot decide, when isIdle is null. */
    missing: MissingForFinding[];
  };
  /** The intensity, plot ratio, tax and coverage checks (inefficient land). */
  efficiency: RuleCheck[];
  decision: Decision | null;
  history: AuditEntry[];
}

function missingForFinding(p: ParcelResult, r: ParcelRecord | null, shares: { developedShare: number | null; investedShare: number | null }): MissingForFinding[] {
  if (p.idle.isIdle !== null || !r) return [];
  if (!p.started) return ['agreedStartDate'];
  const out: MissingForFinding[] = [];
  if (shares.developedShare === null) out.push(r.developedAreaM2 === null ? 'developedAreaM2' : 'areaM2');
  if (shares.investedShare === null) {
    if (r.investedWan === null) out.push('investedWan');
    if (r.plannedInvestmentWan === null || r.plannedInvestmentWan === 0) out.push('plannedInvestmentWan');
  }
  return out;
}

/** The case of one parcel at the evaluation's review date; null when the parcel is not in the evaluation. */
export function buildCaseView(evaluation: Evaluation, parcelId: string, records: ParcelRecordIndex, decisions?: DecisionState): CaseView | null {
  const p = evaluation.parcels.find((x) => x.id === parcelId);
  return p ? caseViewOf(p, evaluation.reviewDate, records, decisions) : null;
}

/** The case of one evaluated parcel; `reviewDate` must be the one its evaluation used. */
export function caseViewOf(p: ParcelResult, reviewDate: IsoDate, records: ParcelRecordIndex, decisions?: DecisionState): CaseView {
  const r = recordOf(records, p);
  const R = reviewDate;
  const shares = r ? idleShares(r, p.areaM2) : { developedShare: null, investedShare: null };
  const idle = p.idle;
  return {
    reviewDate: R,
    parcelId: p.id,
    name: p.name,
    enterprise: p.enterprise,
    park: p.park,
    zone: p.zone,
    areaM2: p.areaM2,
    areaMu: p.areaMu,
    facts: {
      agreedStartDate: r?.agreedStartDate ?? null,
      actualStartDate: r?.actualStartDate ?? null,
      started: p.started,
      haltedSince: r?.haltedSince ?? null,
      developedAreaM2: r?.developedAreaM2 ?? null,
      developedShare: shares.developedShare,
      developedShareMark: DEVELOPED_SHARE_MARK,
      investedWan: r?.investedWan ?? null,
      plannedInvestmentWan: r?.plannedInvestmentWan ?? null,
      investedShare: shares.investedShare,
      investedShareMark: INVESTED_SHARE_MARK,
      governmentCaused: r?.governmentCaused === true,
      landPriceWan: r?.landPriceWan ?? null,
    },
    determination: {
      isIdle: idle.isIdle,
      basis: idle.basis,
      since: idle.since,
      idleYears: idle.idleYears,
      idleOn: idle.idleOn,
      reclaimOn: idle.reclaimOn,
      daysUntilIdle: idle.idleOn === null ? null : daysBetween(R, idle.idleOn),
      daysUntilReclaim: idle.reclaimOn === null ? null : daysBetween(R, idle.reclaimOn),
      approaching: p.approaching,
      disposal: idle.disposal,
      feeRate: IDLE_FEE_RATE,
      reclaimYears: RECLAIM_YEARS,
      feeWan: idle.feeWan,
      feeUnknown: idle.disposal === 'fee' && idle.feeWan === null,
      clause: idle.clause,
      articles: articlesOf(idle.clause, idle.disposal),
      missing: missingForFinding(p, r, shares),
    },
    efficiency: p.checks.filter((c) => INEFFICIENT_RULES.includes(c.rule)),
    decision: decisions ? decisionFor(decisions, p.id) : null,
    history: decisions ? historyOf(decisions, p.id) : [],
  };
}
