import { describe, expect, it } from 'vitest';
import { readUrlState, writeSearch } from '../../src/ui/urlState';

describe('URL state', () => {
  it('round-trips view, layers shown, opacity, theme and selection, keeping other parameters', () => {
    const state = {
      view: { center: [114.00037, 32.99987] as [number, number], zoom: 13.5, bearing: 0 },
      visibility: { zones: false, 'plan-land_use': true },
      opacity: { parcels: 0.5 },
      theme: { metric: 'investmentIntensity' as const, method: 'threshold' as const },
      selection: { layerId: 'parcels', featureId: 'RH-040' },
    };
    const search = writeSearch('?layers=/data/a.geojson,/data/b.geojson&lang=en', state);
    expect(search).toBe('layers=/data/a.geojson,/data/b.geojson&lang=en&v=114.00037,32.99987,13.50&show=plan-land_use&hide=zones&op=parcels:0.50&theme=investmentIntensity:threshold&sel=parcels~RH-040');
    const back = readUrlState(`?${search}`);
    expect(back).toEqual(state);
    expect(new URLSearchParams(search).get('layers')).toBe('/data/a.geojson,/data/b.geojson');
  });

  it('ignores what it cannot read', () => {
    const s = readUrlState('?v=500,0,3&theme=bogus:nope&op=x:7&sel=~');
    expect(s.view).toBeNull();
    expect(s.theme).toEqual({ metric: 'none', method: 'threshold' });
    expect(s.opacity).toEqual({});
    expect(s.selection).toBeNull();
  });
});
