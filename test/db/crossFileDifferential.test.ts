import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { checkAcrossFile, type AcrossFileRow } from '../../src/rules/checkAcrossFile.js';
import { checkAcrossFileInDb } from '../../src/rules/checkAcrossFileInDb.js';
import { LabelRecipientWatch } from '../../src/rules/LabelRecipientWatch.js';
import { SerialSieve } from '../../src/rules/SerialSieve.js';
import { describeEachEngine } from '../helpers/testDatabase.js';

/**
 * Pass 3 runs in SQL over the staged rows (`checkAcrossFileInDb`); the pure `checkAcrossFile`
 * states the same rules in a few lines. On random small files both must give every row the same
 * added findings (code, field and params: the rows a duplicate serial lists, the recipients a
 * conflict names), the same verdict and the same inherited label recipient.
 */
const rowArb = fc.record({
  supportId: fc.constantFrom('300000001', '300000002', '300000003'),
  packSerial: fc.constantFrom('S1', 'S2', 'S3', 'S4', 'S5', ''),
  labelRecipient: fc.constantFrom('', '', 'U1', 'U2'),
  needsLabel: fc.boolean(),
  state: fc.constantFrom('valid', 'valid', 'valid', 'rejected', 'already_registered'),
});

describeEachEngine('pass 3: SQL and the pure rules agree', (t) => {
  beforeAll(async () => {
    await t().db.knex('resellers').insert({ reseller_code: 'RSX', name: 'x' }).onConflict('reseller_code').ignore();
  });

  it('on random files', { timeout: 600_000 }, async () => {
    const knex = t().db.knex;
    await fc.assert(
      // `sieved`: the import's way, the serials that may repeat found while staging, and the label
      // recipient statement run only when the watch says it can change a row; else every serial
      // is aggregated (the statement's own fallback) and the label statement always runs.
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 12 }), fc.boolean(), async (rows, sieved) => {
        const [{ id }] = (await knex('import_batches').insert({ reseller_code: 'RSX', file_name: 'p.csv' }).returning('id')) as [{ id: string }];
        await knex('import_rows').insert(rows.map((r, i) => ({
          import_id: id, seq: i + 1, row_number: i + 2, status: r.state, support_id: r.supportId,
          pack_serial: r.packSerial, label_recipient: r.labelRecipient, needs_label: r.needsLabel,
          errors: JSON.stringify(r.state === 'rejected' ? [{ code: 'PRODUCT_UNKNOWN', field: 'product_model', params: {} }] : []),
        })));
        const sieve = new SerialSieve();
        for (const r of rows) sieve.add(r.packSerial);
        const labels = new LabelRecipientWatch();
        for (const r of rows) if (r.state === 'valid') labels.note(r.supportId, r.labelRecipient, r.needsLabel);
        await checkAcrossFileInDb(knex, id, sieved ? sieve.result() : null, sieved ? labels.mustJudge() : true);
        const stored = await knex('import_rows').where({ import_id: id }).orderBy('seq').select('status', 'errors', 'label_recipient');

        const input: AcrossFileRow[] = rows.map((r, i) => ({
          index: i, row: i + 2, supportId: r.supportId, packSerial: r.packSerial, labelRecipient: r.labelRecipient,
          needsLabel: r.needsLabel, alreadyRegistered: r.state === 'already_registered',
          findings: r.state === 'rejected' ? [{ code: 'PRODUCT_UNKNOWN', field: 'product_model', params: {} }] : [],
        }));
        const pure = checkAcrossFile(input);
        // Keys in one order, so a finding compares as text.
        const text = (f: { code: string; field: string | null; params: Readonly<Record<string, unknown>> }) =>
          JSON.stringify([f.code, f.field, Object.entries(f.params).sort(([a], [b]) => a.localeCompare(b))]);
        rows.forEach((r, i) => {
          const added = (pure.findings.get(i) ?? []).map(text).sort();
          const stillOk = r.state !== 'rejected' && added.length === 0;
          const expectedStatus = stillOk ? r.state : 'rejected';
          const dbAdded = (stored[i]!.errors as Array<{ code: string; field: string; params: Record<string, unknown> }>)
            .filter((e) => e.code !== 'PRODUCT_UNKNOWN').map(text).sort();
          expect(dbAdded, `row ${i}`).toEqual(added);
          expect(stored[i]!.status, `row ${i}`).toBe(expectedStatus);
          const inherited = pure.inheritedRecipient(input[i]!);
          expect(stored[i]!.label_recipient, `row ${i}`).toBe(inherited ?? r.labelRecipient);
        });
        await knex('import_batches').where({ id }).del();
      }),
      { numRuns: 150 },
    );
  });
});
