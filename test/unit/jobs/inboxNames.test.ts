import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readableName } from '../../../src/jobs/readableName.js';
import { isPlainRawName, sanitiseRawFileName } from '../../../src/jobs/sanitiseFileName.js';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('readableName: inbox names in any encoding, shown readably', () => {
  it('takes UTF-8 as it is', () => {
    expect(readableName(Buffer.from('登録依頼 2026-11.xlsx'))).toEqual({ text: '登録依頼 2026-11.xlsx', encoding: 'utf-8' });
  });

  it('decodes a CP932 name from a Windows share, half-width kana included', () => {
    expect(readableName(iconv.encode('登録依頼.csv', 'cp932'))).toEqual({ text: '登録依頼.csv', encoding: 'cp932' });
    expect(readableName(iconv.encode('ｿﾌﾄ申込.csv', 'cp932'))).toEqual({ text: 'ｿﾌﾄ申込.csv', encoding: 'cp932' });
    // ソ and 表 end in 0x5C (a backslash in ASCII): still one character each.
    expect(readableName(iconv.encode('ソフト表.csv', 'cp932'))).toEqual({ text: 'ソフト表.csv', encoding: 'cp932' });
  });

  it('escapes bytes of no encoding, keeping the valid UTF-8 around them', () => {
    expect(readableName(bytes('bad', [0xff, 0xfe, 0x80], '.csv'))).toEqual({ text: 'bad\\xff\\xfe\\x80.csv', encoding: 'bytes' });
    expect(readableName(bytes('日本', [0xe3, 0x81], '.csv'))).toEqual({ text: '日本\\xe3\\x81.csv', encoding: 'bytes' });
    // Latin-1 "café" is valid CP932 only by accident of one byte; it is not shown as kanji.
    expect(readableName(bytes('caf', [0xe9], '.csv')).encoding).toBe('bytes');
  });
});

describe('sanitiseRawFileName: the name a file is filed under', () => {
  it('keeps a safe name byte for byte, whatever its encoding', () => {
    for (const name of [Buffer.from('good.csv'), iconv.encode('ソフト表.csv', 'cp932'), bytes('bad', [0xff, 0xfe, 0x80], '.csv')]) {
      expect(sanitiseRawFileName(name).equals(name), name.toString('hex')).toBe(true);
    }
  });

  it('sanitises a CP932 name as text and writes it back in CP932', () => {
    const filed = sanitiseRawFileName(iconv.encode('..\\ソフト:表.csv', 'cp932'));
    expect(iconv.decode(filed, 'cp932')).toBe('__ソフト_表.csv');
  });

  it('replaces separators, control bytes and leading dots in bytes of no encoding, and caps the length', () => {
    expect(sanitiseRawFileName(bytes('..', [0xff], '\n:x.csv')).equals(bytes('_', [0xff], '__x.csv'))).toBe(true);
    const long = sanitiseRawFileName(bytes([...Array(300).fill(0xff)], '.csv'));
    expect(long.length).toBe(200);
    expect(long.subarray(-4).toString()).toBe('.csv');
  });

  it('a raw name is one path component: `/` and NUL are the only separators', () => {
    expect(isPlainRawName(iconv.encode('ソ.csv', 'cp932'))).toBe(true);
    expect(isPlainRawName(Buffer.from('a/b.csv'))).toBe(false);
    expect(isPlainRawName(Buffer.from('..'))).toBe(false);
    expect(isPlainRawName(bytes('a', [0], 'b'))).toBe(false);
  });
});
