// Parcel results through the worker's part encoding: the same values, sources sent once, across many parts.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { validateLayer } from '../../src/core/schema/validate';
import { resultPartDecoder, resultPartEncoder } from '../../src/workers/resultParts';
import { syntheticParcels } from '../../bench/synthetic';

describe('result parts', () => {
  const layer = validateLayer({ type: 'FeatureCollection', kind: 'parcel', features: syntheticParcels(300, 5) }, 'p.geojson');
  if (!layer.ok) throw new Error('synthetic parcels did not validate');
  const { parcels } = evaluate([layer.value], { reviewDate: '2026-06-30' });

  it('decode(encode(parts)) gives the results exactly, each source text sent once', () => {
    const encode = resultPartEncoder();
    const decode = resultPartDecoder();
    const parts = [];
    for (let i = 0; i < parcels.length; i += 7) parts.push(encode(parcels.slice(i, i + 7)));
    const sent = parts.flatMap((p) => p.newStrings);
    expect(new Set(sent).size).toBe(sent.length);
    // Later parts name few or no new strings: the table carries over.
    expect(parts.slice(10).every((p) => p.newStrings.length < 3)).toBe(true);
    const back = parts.flatMap((p) => decode(p));
    expect(back).toEqual(JSON.parse(JSON.stringify(parcels)));
    // Idle findings with a clause and checks with sources were there to encode.
    expect(back.some((p) => typeof p.idle?.clause === 'string')).toBe(true);
    expect(back.every((p) => p.checks.every((c) => typeof c.source === 'string' && c.source.length > 0))).toBe(true);
  });

  it('is smaller than the plain JSON', () => {
    const plain = JSON.stringify(parcels).length;
    const part = resultPartEncoder()(parcels);
    expect(part.json.length + part.newStrings.join('').length).toBeLessThan(0.8 * plain);
  });
});
