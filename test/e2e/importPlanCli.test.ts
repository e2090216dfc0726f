import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReferenceDir } from '../helpers/referenceSet.js';
import { runCli } from '../helpers/runCli.js';
import { writeUploadCsv } from '../helpers/uploadFile.js';

/**
 * Issue 20 items 4 and 6 through the real CLI (bin → dist/, built by `npm test`) on an embedded
 * database: `import --dry-run --json` prints the planId, `import --plan ID` commits it (options
 * taken from the plan), a changed outcome is exit 65 PLAN_CHANGED with the rows in --json, and
 * `imports cancel` answers for a finished import with IMPORT_NOT_CANCELLABLE.
 */
describe('packreg import --plan, imports cancel (CLI)', () => {
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'packreg-plan-cli-'));
    env = { PACKREG_DATA_DIR: path.join(dir, 'data'), PACKREG_LOG_LEVEL: 'silent', NO_COLOR: '1' };
    expect((await cli('reference', 'load', await writeReferenceDir())).code).toBe(0);
  }, 120_000);

  it('dry run → planId → --plan commits it with the plan\'s options; a second commit is PLAN_USED', async () => {
    const file = await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0001' }]);
    const dry = await cli('import', file, '--reseller', 'RS001', '--dry-run', '--atomicity', 'row', '--json');
    expect(dry.code).toBe(0);
    const { planId, status } = JSON.parse(dry.stdout);
    expect(status).toBe('finished');
    expect(planId).toMatch(/^[0-9a-f-]{36}$/);
    const text = await cli('import', file, '--reseller', 'RS001', '--dry-run', '--lang', 'en');
    expect(text.stdout).toMatch(/to commit exactly this: packreg import .* --plan [0-9a-f-]{36}/);

    const commit = await cli('import', file, '--reseller', 'RS001', '--plan', planId, '--json');
    expect(commit.code).toBe(0);
    expect(JSON.parse(commit.stdout)).toMatchObject({ status: 'finished', planId, summary: { registered: 1 } });
    const used = await cli('import', file, '--reseller', 'RS001', '--plan', planId, '--json', '--lang', 'en');
    expect(used.code).toBe(65);
    expect(JSON.parse(used.stdout).error.code).toBe('PLAN_USED');
    const mixed = await cli('import', file, '--reseller', 'RS001', '--plan', planId, '--dry-run', '--json');
    expect(mixed.code).toBe(64);

    const cancel = await cli('imports', 'cancel', JSON.parse(commit.stdout).importId, '--json', '--lang', 'en');
    expect(cancel.code).toBe(65);
    expect(JSON.parse(cancel.stdout).error).toMatchObject({ code: 'IMPORT_NOT_CANCELLABLE' });
  }, 120_000);

  it('a changed outcome: exit 65, PLAN_CHANGED with the rows, nothing committed', async () => {
    const file = await writeUploadCsv([
      { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0002' },
      { supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0003' },
    ]);
    const { planId } = JSON.parse((await cli('import', file, '--reseller', 'RS001', '--dry-run', '--json')).stdout);
    await cli('import', await writeUploadCsv([{ supportId: '300000001', packModel: 'SP-SW-36', serial: 'SW-0003' }]), '--reseller', 'RS001');
    const refused = await cli('import', file, '--reseller', 'RS001', '--plan', planId, '--json', '--lang', 'en');
    expect(refused.code).toBe(65);
    const { error } = JSON.parse(refused.stdout);
    expect(error.code).toBe('PLAN_CHANGED');
    expect(error.changes).toEqual([{ sheet: null, row: 3, before: { status: 'valid', codes: [] }, after: { status: 'already_registered', codes: [] } }]);
    // Row 2 was not committed: importing the file normally still registers it.
    const normal = await cli('import', file, '--reseller', 'RS001', '--json');
    expect(JSON.parse(normal.stdout).summary).toMatchObject({ registered: 1, already_registered: 1 });
  }, 120_000);
});
