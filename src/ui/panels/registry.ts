// The tool panels of the sidebar, in tab order after 图层 (layers). Each panel lives in its own module and is
// loaded when first opened.
import type { ToolPanelDef } from './types';

export const TOOL_PANELS: ToolPanelDef[] = [];
