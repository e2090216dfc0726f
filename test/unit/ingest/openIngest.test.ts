import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILE_LEVEL_CODES } from '../../../src/domain/fileErrors.js';
import { formatInspectTable, inspectFile } from '../../../src/ingest/inspectFile.js';
import { HEADER_JA, LIMITS, ingest, tempDir } from './ingestKit.js';

const file = tempDir();
const ROW = '300000001,SPK-1,SN1,PC-1,2026/4/1';

describe('file-level errors', () => {
  it.each([
    ['empty file', Buffer.alloc(0), 'FILE_EMPTY'],
    ['binary bytes named .csv', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x10, 0x00]), 'FILE_UNREADABLE'],
    ['PNG', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'FILE_UNREADABLE'],
    ['old .xls (OLE2)', Buffer.from('d0cf11e0a1b11ae1000000000000000000', 'hex'), 'FILE_UNREADABLE'],
    ['empty zip', Buffer.from('504b0506000000000000000000000000000000000000', 'hex'), 'FILE_UNREADABLE'],
    ['text without a header', Buffer.from('hello\nworld\n'), 'HEADER_NOT_FOUND'],
  ])('%s → %s', async (name, bytes, code) => {
    expect((await ingest(file(`${name}.csv`, bytes))).code).toBe(code);
  });

  it('a missing file → FILE_UNREADABLE', async () => {
    expect((await ingest(file('does-not-exist.csv'))).code).toBe('FILE_UNREADABLE');
  });

  it('over maxFileBytes → FILE_TOO_LARGE (before reading)', async () => {
    const out = await ingest(file('large.csv', `${HEADER_JA}\n${ROW}\n`), { limits: { ...LIMITS, maxFileBytes: 10 } });
    expect(out.code).toBe('FILE_TOO_LARGE');
  });

  it('more data rows than maxRows → FILE_LIMITS from the iterator', async () => {
    const text = `${HEADER_JA}\n${`${ROW}\n`.repeat(6)}`;
    expect((await ingest(file('rows.csv', text), { limits: { ...LIMITS, maxRows: 6 } })).rows).toHaveLength(6);
    const out = await ingest(file('rows.csv', text), { limits: { ...LIMITS, maxRows: 5 } });
    expect(out).toMatchObject({ code: 'FILE_LIMITS', params: { what: { ja: '行数', en: 'rows' } } });
    expect(out.rows).toHaveLength(5);
  });

  it('a conditional column that is absent is blank in every row', async () => {
    const out = await ingest(file('minimal.csv', `${HEADER_JA}\n${ROW}\n`));
    expect(Object.keys(out.rows[0]!.values)).toHaveLength(15);
    expect(out.rows[0]?.values).toMatchObject({ product_serial: '', site_postal_code: '', options: '', label_recipient: '' });
  });

  it('stopping early releases the file and does not throw', async () => {
    const { openIngest } = await import('../../../src/ingest/openIngest.js');
    const result = await openIngest(file('early.csv', `${HEADER_JA}\n${`${ROW}\n`.repeat(5000)}`), { limits: LIMITS });
    let seen = 0;
    for await (const chunk of result.rows) {
      seen += chunk.length;
      break;
    }
    // The file is several chunks of text (64 KB each): the first one's rows were handed out.
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(5000);
  });
});

describe('never crashes (property tests)', () => {
  const outcomeIsClean = async (name: string, bytes: Uint8Array) => {
    const out = await ingest(file(name, Buffer.from(bytes))); // rethrows anything but a PackregError
    if (out.code) expect(FILE_LEVEL_CODES).toContain(out.code);
  };

  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), (bytes) => outcomeIsClean('random.bin', bytes)), { numRuns: 150 });
  });

  it('random bytes after a zip signature', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), (bytes) => outcomeIsClean('random.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), bytes]))),
      { numRuns: 100 },
    );
  });

  it('random CSV text under a valid header', async () => {
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('"', '""', '\r', '\n', ',', ';', '\t', '　', '①', '〜', '2026/4/1', '令和8年4月1日', 'A*2;B', '__proto__'));
    const text = fc.array(fc.array(cell, { maxLength: 8 }).map((cells) => cells.join(',')), { maxLength: 12 }).map((lines) => lines.join('\n'));
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), async (body, withHeader) => {
        await outcomeIsClean('random.csv', new TextEncoder().encode(withHeader ? `${HEADER_JA}\n${body}` : body));
      }),
      { numRuns: 200 },
    );
  });
});

describe('inspectFile', () => {
  it('gives the SPEC §7 object and a readable table', async () => {
    const path = file('inspect.csv', `申込書\n${HEADER_JA},担当\n${ROW},山田\n${ROW.replace('SN1', 'SN2')},\n\n${ROW.replace('SN1', 'SN3')},\n`);
    const result = await inspectFile(path, { limit: 2, limits: LIMITS });
    expect(result).toEqual({
      type: 'csv',
      encoding: 'utf-8',
      sheet: null,
      headerRow: 2,
      columns: { support_id: 'サポートID', pack_model: '型番', pack_serial: '製品シリアルNo.', product_model: '対象製品型番', service_start: 'サービス開始日' },
      unknownColumns: ['担当'],
      rows: [
        { sheet: null, row: 3, values: expect.objectContaining({ pack_serial: 'SN1', service_start: '2026-04-01' }) },
        { sheet: null, row: 4, values: expect.objectContaining({ pack_serial: 'SN2' }) },
      ],
    });
    const table = formatInspectTable(result);
    expect(table).toContain('header row: 2');
    expect(table).toMatch(/\n\s+3 {2}support_id=300000001 {2}pack_model=SPK-1/);
    expect(table).toContain('site_address      (absent)');
  });
});
