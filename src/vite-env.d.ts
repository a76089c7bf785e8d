/// <reference types="vite/client" />

import type { LayerSummary, MapSnapshot } from './map/types';

interface TestLegend {
  kind: string;
  swatch: { fill: number[] | null; line: number[] };
  baseFill: number[];
  entries: { value: string; fill: number[]; line: number[]; count: number }[];
}

declare global {
  interface Window {
    /** Read-only hooks for the end-to-end tests (test/e2e); not an API for anything else. */
    __parkAtlas?: {
      layerSummary(): LayerSummary[];
      imageLayers(): string[];
      project(lngLat: [number, number]): [number, number] | null;
      legend(): Record<string, TestLegend>;
      evaluation(): unknown;
      mapState(): MapSnapshot | null;
    };
  }
}
