// Zone and park figures (DESIGN §4): sums and area-weighted ratios (Σ numerator ÷ Σ denominator, never a mean of ratios).
import type { Disposal, IdleResult } from '../rules/idle';
import type { ParcelRecord, RelocationRecord } from '../schema/fields';
import { LAND_USES, RELOCATION_STATUSES, type LandUse, type RelocationStatus } from '../schema/types';
import { m2ToMu, type SquareMeters } from '../units';
import { ratio, type ParcelMetrics } from './parcel';

export interface IdleSummary {
  /** Parcels found idle at the review date. */
  idleCount: number;
  idleAreaM2: number;
  idleAreaMu: number;
  byDisposal: Record<Exclude<Disposal, 'none'>, { count: number; areaM2: number; areaMu: number; feeWan: number }>;
  /** Σ of known fees; fees whose land price is missing are counted in `feeUnknownCount`. */
  feeWan: number;
  feeUnknownCount: number;
  /** Not yet idle, the first anniversary within the horizon. */
  approachingCount: number;
  approachingAreaM2: number;
  /** Parcels whose finding is null (dates or shares missing). */
  unknownCount: number;
}

/** Sums over villages whose figure is known; a sum is null when villages exist but none has that figure. */
export interface RelocationTotals {
  villages: number;
  households: number | null;
  population: number | null;
  resettlementUnits: number | null;
  /** Land freed: area of the relocation polygons. */
  areaM2: number;
  areaMu: number;
  /** Villages with some figure missing: the sums above leave them out. */
  incomplete: number;
}

export interface RelocationSummary {
  total: RelocationTotals;
  byStatus: Record<RelocationStatus | 'unknown', RelocationTotals>;
}

export interface AreaFigures {
  areaM2: number | null;
  areaMu: number | null;
  areaHa: number | null;
  parcelCount: number;
  parcelAreaM2: number;
  /** Parcel area by land use, m². */
  landUseAreaM2: Record<LandUse | 'unknown', number>;
  /** Area of parcels whose construction started by the review date. */
  startedAreaM2: number;
  /** 建成率: started parcel area ÷ zone or park area. */
  builtCoverage: number | null;
  industrialAreaM2: number;
  leadingIndustryAreaM2: number;
  /** Industrial area whose leading-industry status is unknown: left out of the share. */
  leadingIndustryUnknownAreaM2: number;
  leadingIndustryShare: number | null;
  /** Σ investment ÷ Σ 亩 over industrial parcels with both known. */
  investmentIntensity: number | null;
  plotRatio: number | null;
  buildingCoverage: number | null;
  idle: IdleSummary;
  largeProjects: { count: number; areaM2: number; ids: string[] };
  relocation: RelocationSummary;
}

export interface ParcelForAggregate {
  record: ParcelRecord;
  metrics: ParcelMetrics;
  idle: IdleResult;
  approaching: boolean;
  started: boolean;
  largeProject: boolean;
  /** Leading-industry status: the parcel's own flag, else derived from its industry and the park's leading industries. */
  leading: boolean | null;
}

export interface RelocationForAggregate {
  record: RelocationRecord;
  areaM2: number | null;
}

function emptyTotals(): RelocationTotals {
  return { villages: 0, households: null, population: null, resettlementUnits: null, areaM2: 0, areaMu: 0, incomplete: 0 };
}

export function summariseRelocation(items: readonly RelocationForAggregate[]): RelocationSummary {
  const byStatus = { unknown: emptyTotals() } as Record<RelocationStatus | 'unknown', RelocationTotals>;
  for (const s of RELOCATION_STATUSES) byStatus[s] = emptyTotals();
  const total = emptyTotals();
  const add = (sum: number | null, v: number | null) => (v === null ? sum : (sum ?? 0) + v);
  for (const { record: r, areaM2 } of items) {
    for (const t of [total, byStatus[r.status ?? 'unknown']]) {
      t.villages++;
      t.households = add(t.households, r.households);
      t.population = add(t.population, r.population);
      t.resettlementUnits = add(t.resettlementUnits, r.resettlementUnits);
      t.areaM2 += areaM2 ?? 0;
      if (r.households === null || r.population === null || r.resettlementUnits === null || areaM2 === null) t.incomplete++;
    }
  }
  for (const t of [total, ...Object.values(byStatus)]) {
    t.areaMu = m2ToMu(t.areaM2 as SquareMeters);
    if (t.villages === 0) t.households = t.population = t.resettlementUnits = 0; // nothing to sum: 0 is known, not missing
  }
  return { total, byStatus };
}

/** Figures for one zone or park from the parcels and villages assigned to it. */
export function aggregate(areaM2: number | null, parcels: readonly ParcelForAggregate[], relocations: readonly RelocationForAggregate[]): AreaFigures {
  const landUseAreaM2 = { unknown: 0 } as Record<LandUse | 'unknown', number>;
  for (const u of LAND_USES) landUseAreaM2[u] = 0;
  const idle: IdleSummary = {
    idleCount: 0, idleAreaM2: 0, idleAreaMu: 0,
    byDisposal: { fee: { count: 0, areaM2: 0, areaMu: 0, feeWan: 0 }, reclaim: { count: 0, areaM2: 0, areaMu: 0, feeWan: 0 }, negotiate: { count: 0, areaM2: 0, areaMu: 0, feeWan: 0 } },
    feeWan: 0, feeUnknownCount: 0, approachingCount: 0, approachingAreaM2: 0, unknownCount: 0,
  };
  const large = { count: 0, areaM2: 0, ids: [] as string[] };
  let parcelAreaM2 = 0, startedAreaM2 = 0, industrialAreaM2 = 0, leadingAreaM2 = 0, leadingUnknownM2 = 0;
  let invWan = 0, invMu = 0, floorM2 = 0, floorBaseM2 = 0, footprintM2 = 0, footprintBaseM2 = 0;
  for (const p of parcels) {
    const a = p.metrics.areaM2 ?? 0;
    const r = p.record;
    parcelAreaM2 += a;
    landUseAreaM2[r.landUse ?? 'unknown'] += a;
    if (p.started) startedAreaM2 += a;
    if (p.largeProject) { large.count++; large.areaM2 += a; large.ids.push(r.id); }
    if (r.landUse === 'industrial' && p.metrics.areaM2 !== null) {
      industrialAreaM2 += a;
      if (p.leading === true) leadingAreaM2 += a;
      else if (p.leading === null) leadingUnknownM2 += a;
      if (r.investmentWan !== null) { invWan += r.investmentWan; invMu += p.metrics.areaMu ?? 0; }
      if (r.floorAreaM2 !== null) { floorM2 += r.floorAreaM2; floorBaseM2 += a; }
      if (r.footprintAreaM2 !== null) { footprintM2 += r.footprintAreaM2; footprintBaseM2 += a; }
    }
    const i = p.idle;
    if (i.isIdle === null) idle.unknownCount++;
    else if (i.isIdle && i.disposal && i.disposal !== 'none') {
      idle.idleCount++;
      idle.idleAreaM2 += a;
      const d = idle.byDisposal[i.disposal];
      d.count++;
      d.areaM2 += a;
      if (i.feeWan === null) idle.feeUnknownCount++;
      else { d.feeWan += i.feeWan; idle.feeWan += i.feeWan; }
    } else if (p.approaching) {
      idle.approachingCount++;
      idle.approachingAreaM2 += a;
    }
  }
  idle.idleAreaMu = m2ToMu(idle.idleAreaM2 as SquareMeters);
  for (const d of Object.values(idle.byDisposal)) d.areaMu = m2ToMu(d.areaM2 as SquareMeters);
  const area = areaM2 !== null && areaM2 > 0 ? areaM2 : null;
  return {
    areaM2,
    areaMu: areaM2 === null ? null : m2ToMu(areaM2 as SquareMeters),
    areaHa: areaM2 === null ? null : areaM2 / 10000,
    parcelCount: parcels.length,
    parcelAreaM2,
    landUseAreaM2,
    startedAreaM2,
    builtCoverage: ratio(startedAreaM2, area),
    industrialAreaM2,
    leadingIndustryAreaM2: leadingAreaM2,
    leadingIndustryUnknownAreaM2: leadingUnknownM2,
    leadingIndustryShare: ratio(leadingAreaM2, industrialAreaM2 - leadingUnknownM2),
    investmentIntensity: ratio(invWan, invMu),
    plotRatio: ratio(floorM2, floorBaseM2),
    buildingCoverage: ratio(footprintM2, footprintBaseM2),
    idle,
    largeProjects: large,
    relocation: summariseRelocation(relocations),
  };
}
