import { describe, expect, it } from 'vitest';
import { decodeText, encodeGbk, encodingFromLabel } from '../../src/core/io/encoding';

// 中文 in GBK is D6 D0 CE C4 (GB 2312 code table).
const GBK_ZHONGWEN = new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]);

describe('text encodings', () => {
  it('reads labels from .cpg files', () => {
    expect(encodingFromLabel('UTF-8')).toBe('utf-8');
    expect(encodingFromLabel(' 65001\r\n')).toBe('utf-8');
    expect(encodingFromLabel('GBK')).toBe('gbk');
    expect(encodingFromLabel('936')).toBe('gbk');
    expect(encodingFromLabel('CP936')).toBe('gbk');
    expect(encodingFromLabel('GB2312')).toBe('gbk');
    expect(encodingFromLabel('ISO-8859-1')).toBeNull();
    expect(encodingFromLabel('')).toBeNull();
  });

  it('tells GBK from UTF-8 without a declaration', () => {
    expect(decodeText(GBK_ZHONGWEN)).toMatchObject({ text: '中文', encoding: 'gbk', reason: 'not-utf8', replacements: 0 });
    expect(decodeText(new TextEncoder().encode('中文'))).toMatchObject({ text: '中文', encoding: 'utf-8', reason: 'valid-utf8' });
    expect(decodeText(new TextEncoder().encode('abc'))).toMatchObject({ text: 'abc', reason: 'ascii' });
  });

  it('lets a BOM win over a declaration, and a declaration over detection', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('地块')]);
    expect(decodeText(bom, 'GBK')).toMatchObject({ text: '地块', encoding: 'utf-8', reason: 'bom' });
    expect(decodeText(GBK_ZHONGWEN, 'GBK')).toMatchObject({ text: '中文', reason: 'declared' });
    // UTF-8 bytes declared as GBK decode to mojibake, never to an exception.
    expect(decodeText(new TextEncoder().encode('中文'), 'GBK').text).not.toBe('中文');
  });

  it('encodes GBK and round-trips every character of a realistic header', () => {
    expect(Array.from(encodeGbk('中文').bytes)).toEqual(Array.from(GBK_ZHONGWEN));
    const text = '[属性描述]\r\n坐标系=2000国家大地坐标系\r\n几度分带=3\r\n投影类型=高斯克吕格\r\n计量单位=米\r\n带号=38\r\n精度=0.001\r\n转换参数=,,,,,,\r\n[地块坐标]\r\n12,1.2345,汝-027,汝南县某某机械有限公司,面,,工业用地,0601,@\r\n';
    const { bytes, unencodable } = encodeGbk(text);
    expect(unencodable).toEqual([]);
    expect(decodeText(bytes).text).toBe(text);
    expect(decodeText(bytes).encoding).toBe('gbk');
  });

  it('reports characters GBK cannot hold instead of dropping them silently', () => {
    const { bytes, unencodable } = encodeGbk('园区😀');
    expect(unencodable).toEqual(['😀']);
    expect(decodeText(bytes, 'gbk').text).toBe('园区?');
  });
});
