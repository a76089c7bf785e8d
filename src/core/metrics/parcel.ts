// Per-parcel metrics (DESIGN §4). A missing input or a division by zero gives null, never 0, NaN or Infinity.
import type { ParcelRecord } from '../schema/fields';
import { m2ToHa, m2ToMu, type SquareMeters } from '../units';

export interface ParcelMetrics {
  areaM2: number | null;
  areaMu: number | null;
  areaHa: number | null;
  /** 固定资产投资强度, 万元/亩: total fixed-asset investment (land price already included) ÷ 亩. */
  investmentIntensity: number | null;
  /** 容积率 */
  plotRatio: number | null;
  /** 建筑系数: buildings + structures + yards ÷ parcel area. */
  buildingCoverage: number | null;
  /** 绿地率 */
  greenRatio: number | null;
  /** 行政办公及生活服务设施用地比重 */
  supportLandShare: number | null;
  /** 非生产设施建筑面积比重 */
  supportFloorShare: number | null;
  /** 亩均税收, 万元/亩 */
  taxPerMu: number | null;
  /** 亩均营业收入, 万元/亩 */
  revenuePerMu: number | null;
}

/** a ÷ b, or null when either is missing, b is 0, or the result is not finite. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  const v = a / b;
  return Number.isFinite(v) ? v : null;
}

export function parcelMetrics(p: ParcelRecord, rawAreaM2: number | null): ParcelMetrics {
  // A non-finite area (never from a validated geometry, but possible from a caller) is missing, not a figure.
  const areaM2 = rawAreaM2 !== null && Number.isFinite(rawAreaM2) ? rawAreaM2 : null;
  const area = areaM2 !== null && areaM2 > 0 ? areaM2 : null;
  const mu = area === null ? null : m2ToMu(area as SquareMeters);
  const supportFloorShare = ratio(p.supportFloorAreaM2, p.floorAreaM2);
  return {
    areaM2,
    areaMu: areaM2 === null ? null : m2ToMu(areaM2 as SquareMeters),
    areaHa: areaM2 === null ? null : m2ToHa(areaM2 as SquareMeters),
    // investmentWan already includes the land price: never add landPriceWan (DESIGN §5).
    investmentIntensity: ratio(p.investmentWan, mu),
    plotRatio: ratio(p.floorAreaM2, area),
    buildingCoverage: ratio(p.footprintAreaM2, area),
    greenRatio: ratio(p.greenAreaM2, area),
    // Where support land is not measured, apportion by its share of floor area (国土资发〔2008〕24号 附件1).
    supportLandShare: p.supportLandM2 !== null ? ratio(p.supportLandM2, area) : supportFloorShare,
    supportFloorShare,
    taxPerMu: ratio(p.taxWan, mu),
    revenuePerMu: ratio(p.revenueWan, mu),
  };
}
