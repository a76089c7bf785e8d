// The tool panels of the sidebar, in tab order after 图层 (layers). Each panel lives in its own module and is
// loaded when first opened.
import { lazy } from 'react';
import type { ToolPanelDef } from './types';

export const TOOL_PANELS: ToolPanelDef[] = [
  // 闲置与低效用地审查 (issue 5): queue, case, decisions, notices, register.
  { id: 'review', testId: 'tab-review', label: { zh: '闲置与低效审查', en: 'Idle & inefficient review' }, Component: lazy(() => import('../review/ReviewPanel')) },
  // 五规合一 (issue 6): conflicts between the plans (worker, progress, cancel), by type on the map; plan swipe.
  { id: 'conflicts', testId: 'tab-conflicts', label: { zh: '五规合一', en: 'Five plans' }, Component: lazy(() => import('../conflicts/ConflictsPanel')) },
  // 导入导出 (issue 7): every layer out as GeoJSON, Shapefile zip or 坐标TXT; imports start from the header button or a drop.
  { id: 'io', testId: 'tab-io', label: { zh: '导入导出', en: 'Import & export' }, Component: lazy(() => import('../export/ExportPanel')) },
];
