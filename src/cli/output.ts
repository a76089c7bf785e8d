// The JSON shape of `park-atlas metrics` (DESIGN §10): a stable contract, so its fields are listed here one by one.
import type { Evaluation, ParcelResult, ParkResult, ZoneResult } from '../core/evaluate';
import type { Flag } from '../core/rules/control';

const flagJson = (f: Flag) => ({ rule: f.rule, value: f.value, threshold: f.threshold, source: f.source });

function parcelJson(p: ParcelResult) {
  const i = p.idle;
  return {
    id: p.id,
    areaM2: p.areaM2,
    areaMu: p.areaMu,
    areaHa: p.areaHa,
    investmentIntensity: p.investmentIntensity,
    plotRatio: p.plotRatio,
    buildingCoverage: p.buildingCoverage,
    greenRatio: p.greenRatio,
    supportLandShare: p.supportLandShare,
    supportFloorShare: p.supportFloorShare,
    taxPerMu: p.taxPerMu,
    revenuePerMu: p.revenuePerMu,
    flags: p.flags.map(flagJson),
    idle: { isIdle: i.isIdle, basis: i.basis, since: i.since, idleYears: i.idleYears, idleOn: i.idleOn, reclaimOn: i.reclaimOn, disposal: i.disposal, feeWan: i.feeWan, clause: i.clause },
  };
}

function areaJson<T extends ZoneResult | ParkResult>(z: T) {
  const { checks: _checks, flags, ...rest } = z;
  return { ...rest, flags: flags.map(flagJson) };
}

export function metricsJson(e: Evaluation) {
  return {
    reviewDate: e.reviewDate,
    parcels: e.parcels.map(parcelJson),
    zones: e.zones.map(areaJson),
    parks: e.parks.map(areaJson),
    relocation: e.relocation,
  };
}
