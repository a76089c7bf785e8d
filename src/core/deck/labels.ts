// Words the slides need in both languages (titles, KPI labels, chart bars). Terms follow the glossary (DESIGN §2)
// and the UI's dictionary (src/ui/i18n.ts); kept here so a deck reads the same in the app and in the portable deck.
import type { ConflictType } from '../overlay/types';
import type { Disposal } from '../rules/idle';
import type { LandUse, RelocationStatus, ZoneType } from '../schema/types';

export interface Bilingual {
  zh: string;
  en: string;
}

export const bi = (zh: string, en: string): Bilingual => ({ zh, en });

export const ZONE_TYPE: Record<ZoneType, Bilingual> = {
  built: bi('建成区', 'Built zone'),
  development: bi('发展区', 'Development zone'),
  control: bi('控制区', 'Control zone'),
};

export const LAND_USE: Record<LandUse | 'unknown', Bilingual> = {
  industrial: bi('工业', 'Industrial'),
  warehouse: bi('仓储', 'Warehouse'),
  commercial: bi('商业', 'Commercial'),
  residential: bi('居住', 'Residential'),
  public: bi('公共服务', 'Public'),
  road: bi('道路交通', 'Roads'),
  green: bi('绿地', 'Green'),
  other: bi('其他', 'Other'),
  unknown: bi('未标明', 'Not given'),
};

export const DISPOSAL: Record<Exclude<Disposal, 'none'> | 'approaching', Bilingual> = {
  reclaim: bi('无偿收回', 'Reclaim'),
  fee: bi('征收闲置费', 'Idle fee'),
  negotiate: bi('协商处置', 'Negotiate'),
  approaching: bi('临近闲置', 'Approaching'),
};

export const RELOCATION_STATUS: Record<RelocationStatus | 'unknown', Bilingual> = {
  planned: bi('计划迁并', 'Planned'),
  in_progress: bi('正在迁并', 'In progress'),
  done: bi('已完成', 'Done'),
  unknown: bi('状态未知', 'Unknown'),
};

export const CONFLICT_TYPE: Record<ConflictType, Bilingual> = {
  basic_farmland: bi('占用基本农田', 'On basic farmland'),
  eco_red_line: bi('占用生态红线', 'In ecological red line'),
  outside_construction_zone: bi('占用限建/禁建区', 'In no-build zones'),
  landuse_mismatch: bi('与城市总规不符', 'Differs from city plan'),
  outside_park: bi('超出园区边界', 'Outside the park'),
};
