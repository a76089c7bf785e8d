// The runtime half of the Content-Security-Policy (src/csp.ts): which hosts the page may fetch from and show images of.
// The e2e case test/e2e/cases/corpus.mjs checks the policy in force in the built app.
import { describe, expect, it } from 'vitest';
import { baseMapOrigins, runtimePolicy } from '../../src/csp';

const directives = (content: string) => Object.fromEntries(content.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));

describe('runtimePolicy', () => {
  it('allows only this origin, this host on any port, data: and blob: when no base map is configured', () => {
    const p = runtimePolicy({ pageUrl: 'http://10.1.2.3:8080/?lang=zh', baseMapUrl: null, layerUrls: [] });
    expect(directives(p.content)).toEqual({
      'connect-src': ["'self'", 'http://10.1.2.3:*', 'data:', 'blob:'],
      'img-src': ["'self'", 'http://10.1.2.3:*', 'data:', 'blob:'],
    });
    expect(p.origins).toEqual([]);
  });

  it('adds every host a base-map template requests from, {s} expanded, for fetches and images', () => {
    const tdt = 'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY';
    expect(baseMapOrigins(tdt)).toEqual(['https://t0.tianditu.gov.cn', 'https://t1.tianditu.gov.cn', 'https://t2.tianditu.gov.cn', 'https://t3.tianditu.gov.cn']);
    const d = directives(runtimePolicy({ pageUrl: 'http://127.0.0.1:4173/', baseMapUrl: tdt, layerUrls: [] }).content);
    expect(d['connect-src']).toContain('https://t3.tianditu.gov.cn');
    expect(d['img-src']).toContain('https://t0.tianditu.gov.cn');
    // The key in the query never reaches the policy.
    expect(JSON.stringify(d)).not.toContain('KEY');
  });

  it('adds ?layers= hosts for fetches only, and nothing that is not a plain origin', () => {
    const p = runtimePolicy({ pageUrl: 'http://127.0.0.1:4173/', baseMapUrl: null, layerUrls: ['http://gis.local:9000/a.geojson', 'http://127.0.0.1:9999/b.geojson', 'ftp://x/y', 'not a url'] });
    const d = directives(p.content);
    expect(d['connect-src']).toEqual(["'self'", 'http://127.0.0.1:*', 'data:', 'blob:', 'http://gis.local:9000']);
    expect(d['img-src']).not.toContain('http://gis.local:9000');
  });

  it('cannot be widened through a crafted template (no quotes, semicolons or wildcards get in)', () => {
    const p = runtimePolicy({ pageUrl: 'http://127.0.0.1:4173/', baseMapUrl: "https://evil.example;script-src 'unsafe-inline'/{z}/{x}/{y}", layerUrls: ["http://a.example/';x"] });
    expect(p.content).not.toMatch(/unsafe|script-src/);
    expect(p.content.split(';')).toHaveLength(2);
  });
});
