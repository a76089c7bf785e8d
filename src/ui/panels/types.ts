// What a tool panel (review queue, 五规合一, import …) receives from the app shell. Panels show core's figures;
// they never compute one (DESIGN §1).
import type { ComponentType, LazyExoticComponent } from 'react';
import type { IsoDate } from '../../core/dates';
import type { MapController } from '../../map/MapController';
import type { EvaluatedProject } from '../data/evaluation';
import type { LoadedLayer, Project } from '../data/loadProject';
import type { Lang } from '../i18n';
import type { Selection } from '../inspector/Inspector';

export interface ToolPanelProps {
  lang: Lang;
  project: Project | null;
  /** Layers as shown (with the user's visibility). */
  layers: LoadedLayer[];
  evaluated: EvaluatedProject | null;
  /** The review date the evaluation used, and a way to change it (everything follows). */
  reviewDate: IsoDate | null;
  setReviewDate: (date: IsoDate | null) => void;
  /** Days before the one- or two-year mark that count as "approaching" (default 90). */
  approachingDays: number;
  setApproachingDays: (days: number) => void;
  /** A key naming the open project in the browser's store (IndexedDB). */
  projectKey: string | null;
  selection: Selection | null;
  /** Selects a feature (map highlight, inspector, table row); `zoom` also flies the map to it. */
  select: (sel: Selection | null, zoom: boolean) => void;
  /** The live map, for panels that draw extra layers (null before it exists). */
  controller: () => MapController | null;
  /** Adds layers to the project (imports). */
  addLayers?: (layers: LoadedLayer[]) => void;
}

export interface ToolPanelDef {
  id: string;
  /** data-testid of the sidebar tab that opens the panel. */
  testId: string;
  label: Record<Lang, string>;
  Component: ComponentType<ToolPanelProps> | LazyExoticComponent<ComponentType<ToolPanelProps>>;
}
