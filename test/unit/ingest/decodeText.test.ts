import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { checkedUtf8 } from '../../../src/ingest/decodeText.js';
import { detectEncoding } from '../../../src/ingest/detectEncoding.js';
import { HEADER_JA, ingest, tempDir } from './ingestKit.js';

const file = tempDir();
const ROW = '300000001,SPK-1,SN1,PC-1,2026/4/1';

describe('encodings', () => {
  it('reads CP932 as Japanese Excel writes it: ①, ㈱, 髙 and the wave dash survive', async () => {
    // ～ (U+FF5E) is what the Windows IME types and what iconv-lite encodes to 0x8160.
    const text = `${HEADER_JA},住所,備考\r\n${ROW},①丁目㈱髙島ビル,9時～17時\r\n`;
    const bytes = iconv.encode(text, 'cp932');
    expect(bytes.includes(Buffer.from([0x81, 0x60]))).toBe(true);
    const out = await ingest(file('cp932.csv', bytes));
    expect(out.code).toBeUndefined();
    expect(out.facts?.encoding).toBe('cp932');
    expect(out.rows[0]?.values.site_address).toBe('①丁目㈱髙島ビル');
    expect(out.rows[0]?.values.remarks).toBe('9時\uFF5E17時');
  });

  it('keeps multibyte characters split across 64 KiB read chunks (CP932 and UTF-8)', async () => {
    const filler = '髙橋です'.repeat(10_001); // > 64 KiB in both encodings, so chunks split characters
    const text = `${HEADER_JA},備考\n${ROW},a${filler}\n${ROW.replace('SN1', 'SN2')},${filler}\n`;
    for (const [name, bytes] of [['big-cp932.csv', iconv.encode(text, 'cp932')], ['big-utf8.csv', Buffer.from(text)]] as const) {
      const out = await ingest(file(name, bytes), { limits: { ...(await import('./ingestKit.js')).LIMITS, maxCellChars: 100_000 } });
      expect(out.code).toBeUndefined();
      expect(out.rows.map((r) => r.values.remarks)).toEqual([`a${filler}`, filler]);
    }
  });

  it.each([
    ['utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADER_JA}\n${ROW}\n`)])],
    ['utf-8', Buffer.from(`${HEADER_JA}\n${ROW}\n`)],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER_JA}\r\n${ROW}\r\n`, 'utf16le')])],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`${HEADER_JA}\r\n${ROW}\r\n`, 'utf16le').swap16()])],
  ])('%s', async (encoding, bytes) => {
    const out = await ingest(file(`enc-${encoding}-${bytes.length}.csv`, bytes));
    expect(out.facts?.encoding).toBe(encoding);
    expect(out.facts?.headers[0]).toBe('サポートID'); // the BOM is not part of the first header
    expect(out.rows.map((r) => r.values.support_id)).toEqual(['300000001']);
  });

  it.each([
    ['latin1', Buffer.from(`${HEADER_JA.replace(/[^\x00-\x7f]/g, 'x')}\nAcentuação,é,ñ,ü,ç\n`.replace(/x+/g, 'x'), 'latin1')],
    ['latin1 copyright', Buffer.from('name,note\nacme,\u00a9 2024\n', 'latin1')],
    ['windows-1251', iconv.encode('Имя;Фамилия;Город\nИван;Петров;Москва\n', 'win1251')],
  ])('%s → FILE_ENCODING, never garbled text', async (name, bytes) => {
    const out = await ingest(file(`${name}.csv`, bytes));
    expect(out.code).toBe('FILE_ENCODING');
  });

  it.each([
    ['utf-16le', (t: string) => Buffer.from(t, 'utf16le')],
    ['utf-16be', (t: string) => Buffer.from(t, 'utf16le').swap16()],
  ])('%s without a BOM is text in an encoding packreg does not take: FILE_ENCODING, whatever --encoding says', async (name, encode) => {
    for (const text of [`${HEADER_JA}\r\n${ROW}\r\n`, `サポートID\t型番\t製品シリアルNo.\t対象製品型番\tサービス開始日\r\n${ROW.replace(/,/g, '\t')}\r\n`]) {
      const bytes = file(`nobom-${name}-${text.length}.csv`, encode(text));
      for (const encoding of ['auto', 'utf8', 'cp932'] as const) {
        const out = await ingest(bytes, { encoding });
        expect(out.code, `${name} ${encoding}`).toBe('FILE_ENCODING');
        expect(String(out.params?.encoding), `${name} ${encoding}`).toMatch(/UTF-16/);
      }
    }
  });

  it('binary bytes full of NULs stay FILE_UNREADABLE', async () => {
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i += 7) binary[i] = (i * 31) & 0xff;
    expect((await ingest(file('zeros.bin', binary))).code).toBe('FILE_UNREADABLE');
  });

  it('throws FILE_ENCODING from the rows when a bad byte comes after a valid start', async () => {
    const good = `${HEADER_JA}\n${`${ROW}\n`.repeat(30_000)}`; // > 1 MiB of ASCII: sampled as UTF-8
    const bytes = Buffer.concat([Buffer.from(good), Buffer.from([0x83, 0x65, 0x0a])]);
    const out = await ingest(file('late-bad-byte.csv', bytes));
    expect(out.code).toBe('FILE_ENCODING');
    expect(out.rows.length).toBeGreaterThan(1000);
  });

  it('lets --encoding override detection, and a wrong override fails cleanly', async () => {
    const cp932 = file('override.csv', iconv.encode(`${HEADER_JA},住所\n${ROW},東京\n`, 'cp932'));
    expect((await ingest(cp932, { encoding: 'cp932' })).rows[0]?.values.site_address).toBe('東京');
    expect((await ingest(cp932, { encoding: 'utf8' })).code).toBe('FILE_ENCODING');
    const utf8 = file('override-utf8.csv', `${HEADER_JA},住所\n${ROW},東京都\n`);
    const out = await ingest(utf8, { encoding: 'cp932' });
    // UTF-8 Japanese read as CP932 either fails or... it must never silently pass as 東京都.
    expect(out.rows[0]?.values.site_address).not.toBe('東京都');
  });

  it('detectEncoding: BOMs, UTF-8, CP932, ISO-2022-JP', () => {
    expect(detectEncoding(Buffer.from('abc'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode('型番,シリアル', 'cp932'))).toBe('cp932');
    expect(detectEncoding(iconv.encode('ﾃｽﾄ,ｶﾅ', 'cp932'))).toBe('cp932');
    expect(() => detectEncoding(Buffer.from('\x1b$B%F%9%H\x1b(B', 'latin1'))).toThrow(expect.objectContaining({ code: 'FILE_ENCODING' }));
    // A UTF-8 sample cut inside a character is still UTF-8 when the file goes on.
    const cut = Buffer.from('あいう').subarray(0, 7);
    expect(detectEncoding(cut, 'auto', false)).toBe('utf-8');
  });

  it('checkedUtf8 passes exactly what a strict TextDecoder accepts, whatever the chunking', async () => {
    // The oracle: the whole file through a fatal TextDecoder (which also drops one leading BOM).
    const oracle = (bytes: Buffer): string => {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return 'FILE_ENCODING';
      }
    };
    const run = async (chunks: Buffer[]): Promise<string> => {
      async function* source() {
        yield* chunks;
      }
      const out: Buffer[] = [];
      try {
        for await (const chunk of checkedUtf8(source())) out.push(chunk);
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      }
      return Buffer.concat(out).toString('utf8');
    };
    // Pieces: ASCII, 2-, 3- and 4-byte characters, a BOM, and bytes that break UTF-8 (a lone
    // continuation, a lead without its tail, an overlong form, an encoded surrogate, 0xff).
    const piece = fc.constantFrom(
      [0x61], [0x2c], [0x0a], [0xc3, 0xa9], [0xe3, 0x81, 0x82], [0xf0, 0x9f, 0x98, 0x80], [0xef, 0xbb, 0xbf],
      [0x80], [0xe3, 0x81], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff],
    );
    const file = fc.array(piece, { maxLength: 30 }).map((ps) => Buffer.from(ps.flat()));
    await fc.assert(
      fc.asyncProperty(file, fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }), async (bytes, cuts) => {
        const at = [...new Set(cuts.filter((c) => c < bytes.length))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((from, i) => bytes.subarray(from, at[i] ?? bytes.length));
        expect(await run(chunks)).toBe(oracle(bytes));
      }),
      { numRuns: 3_000 },
    );
  });
});
