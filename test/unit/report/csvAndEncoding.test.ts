import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodeCp932 } from '../../../src/report/encodeCp932.js';
import { csvField, csvRecord } from '../../../src/report/openCsvReport.js';

describe('CSV quoting', () => {
  it('quotes only what needs it and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });

  it('a record is neutralised field by field and ends in CRLF', () => {
    expect(csvRecord(['=1', 'a,b', -2, '\n=x'])).toBe(`'=1,"a,b",-2,"'\n=x"\r\n`);
  });
});

describe('encodeCp932', () => {
  it('keeps ①, ㈱, 髙 and half-width kana', () => {
    const text = '①㈱髙﨑ﾃｽﾄ～';
    expect(iconv.decode(encodeCp932(text), 'cp932')).toBe(text);
  });

  it('writes JIS-style characters the way Japanese Excel does', () => {
    expect(iconv.decode(encodeCp932('10〜20 −5 ‖'), 'cp932')).toBe('10～20 －5 ∥');
  });
});
