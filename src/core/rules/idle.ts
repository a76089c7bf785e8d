// Idle-land determination (闲置土地处置办法, 国土资源部令第53号, 2012), exactly as DESIGN §5.2 "Precisely".
import { addYears, wholeYearsBetween, type IsoDate } from '../dates';

export type IdleBasis = 'not_started' | 'halted';
export type Disposal = 'none' | 'fee' | 'reclaim' | 'negotiate';

export interface IdleResult {
  /** null when the dates or shares needed are unknown. */
  isIdle: boolean | null;
  basis: IdleBasis | null;
  since: IsoDate | null;
  idleYears: number | null;
  /** First anniversary of `since`: idle from this day. */
  idleOn: IsoDate | null;
  /** Second anniversary: reclaim from this day. */
  reclaimOn: IsoDate | null;
  disposal: Disposal | null;
  feeWan: number | null;
  clause: string | null;
}

export interface IdleInput {
  landPriceWan: number | null;
  agreedStartDate: IsoDate | null;
  actualStartDate: IsoDate | null;
  haltedSince: IsoDate | null;
  developedAreaM2: number | null;
  plannedInvestmentWan: number | null;
  investedWan: number | null;
  governmentCaused: boolean;
}

/** 第二条: developed area below one third of the parcel is one test of the halted route. */
export const DEVELOPED_SHARE_MARK = 1 / 3;
/** 第二条: investment below 25% of the planned total is the other. */
export const INVESTED_SHARE_MARK = 0.25;
/** 第十四条(一): the idle-land fee is 20% of the land price (出让或者划拨价款). */
export const IDLE_FEE_RATE = 0.2;
/** 第十四条(二): idle two full years or more → reclaimed without compensation. */
export const RECLAIM_YEARS = 2;

const REGULATION = '《闲置土地处置办法》(国土资源部令第53号)';
export const CLAUSE_FINDING = '第二条';
export const CLAUSE_GOVERNMENT = '第八条';
export const CLAUSE_DISPOSAL = '第十四条';

const UNKNOWN: IdleResult = { isIdle: null, basis: null, since: null, idleYears: null, idleOn: null, reclaimOn: null, disposal: null, feeWan: null, clause: null };
const NOT_IDLE: IdleResult = { isIdle: false, basis: null, since: null, idleYears: null, idleOn: null, reclaimOn: null, disposal: 'none', feeWan: 0, clause: null };

/** 第二条's two tests of the halted route: developed area ÷ parcel area and invested ÷ planned investment; null when unknown. */
export function idleShares(p: IdleInput, areaM2: number | null): { developedShare: number | null; investedShare: number | null } {
  return {
    developedShare: p.developedAreaM2 !== null && areaM2 !== null && areaM2 > 0 ? p.developedAreaM2 / areaM2 : null,
    investedShare: p.investedWan !== null && p.plannedInvestmentWan !== null && p.plannedInvestmentWan > 0 ? p.investedWan / p.plannedInvestmentWan : null,
  };
}

/** Which route applies at review date R, or null (not idle, no route), or 'unknown'. */
function route(p: IdleInput, areaM2: number | null, reviewDate: IsoDate): { basis: IdleBasis; since: IsoDate } | null | 'unknown' {
  // A start recorded after R does not count at R.
  const startedByR = p.actualStartDate !== null && p.actualStartDate <= reviewDate;
  if (!startedByR) return p.agreedStartDate === null ? 'unknown' : { basis: 'not_started', since: p.agreedStartDate };
  if (p.haltedSince === null || p.haltedSince > reviewDate) return null;
  const { developedShare, investedShare } = idleShares(p, areaM2);
  const below = (developedShare !== null && developedShare < DEVELOPED_SHARE_MARK) || (investedShare !== null && investedShare < INVESTED_SHARE_MARK);
  if (below) return { basis: 'halted', since: p.haltedSince };
  if (developedShare !== null && investedShare !== null) return null;
  return 'unknown';
}

/** The idle-land finding and disposal for one parcel of `areaM2` (ellipsoidal) at review date R (DESIGN §5.2). */
export function determineIdle(p: IdleInput, areaM2: number | null, reviewDate: IsoDate): IdleResult {
  const r = route(p, areaM2, reviewDate);
  if (r === 'unknown') return { ...UNKNOWN };
  if (r === null) return { ...NOT_IDLE };
  const idleYears = wholeYearsBetween(r.since, reviewDate);
  const base = { basis: r.basis, since: r.since, idleYears, idleOn: addYears(r.since, 1), reclaimOn: addYears(r.since, RECLAIM_YEARS) };
  if (idleYears < 1) return { isIdle: false, ...base, disposal: 'none', feeWan: 0, clause: `${REGULATION}${CLAUSE_FINDING}` };
  if (p.governmentCaused) {
    return { isIdle: true, ...base, disposal: 'negotiate', feeWan: 0, clause: `${REGULATION}${CLAUSE_FINDING}、${CLAUSE_GOVERNMENT}` };
  }
  if (idleYears >= RECLAIM_YEARS) {
    return { isIdle: true, ...base, disposal: 'reclaim', feeWan: 0, clause: `${REGULATION}${CLAUSE_FINDING}、${CLAUSE_DISPOSAL}` };
  }
  const feeWan = p.landPriceWan === null ? null : IDLE_FEE_RATE * p.landPriceWan;
  return { isIdle: true, ...base, disposal: 'fee', feeWan, clause: `${REGULATION}${CLAUSE_FINDING}、${CLAUSE_DISPOSAL}` };
}
