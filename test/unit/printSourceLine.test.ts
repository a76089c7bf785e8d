// The print layout's source line (src/ui/print/sourceLine.ts): the park's data with its files, the base map by its
// host (a tile URL's key never printed) or file name, in Chinese and English.
import { describe, expect, it } from 'vitest';
import { baseMapName, sourceText } from '../../src/ui/print/sourceLine';

describe('print source line', () => {
  it('names the park, the files and "no base map"', () => {
    expect(sourceText('zh', '汝河产业集聚区', ['parcels.geojson', 'park.geojson'], null)).toBe('数据来源：汝河产业集聚区 园区数据（文件：parcels.geojson、park.geojson）；底图：无');
    expect(sourceText('en', 'Ruhe', ['parcels.geojson', 'park.geojson'], null)).toBe('Source: Ruhe park data (files: parcels.geojson, park.geojson); base map: none');
    expect(sourceText('zh', '汝河产业集聚区', [], null)).toBe('数据来源：汝河产业集聚区 园区数据；底图：无');
  });

  it('a tile URL by its host, without the key; a local file by its name', () => {
    const url = 'https://t{s}.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=SECRETKEY';
    expect(baseMapName(url)).toBe('t0.tianditu.gov.cn');
    expect(sourceText('zh', 'P', ['a.geojson'], url)).not.toContain('SECRETKEY');
    expect(sourceText('zh', 'P', ['a.geojson'], url)).toContain('底图：t0.tianditu.gov.cn');
    expect(baseMapName('汝河影像.pmtiles')).toBe('汝河影像.pmtiles');
    expect(baseMapName(null)).toBeNull();
  });
});
