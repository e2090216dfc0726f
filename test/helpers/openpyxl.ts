import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inCi } from './testEnv.js';

const run = promisify(execFile);

/** Debian's python3 with python3-openpyxl (installed by .ci/run); pyenv's python3 may lack it. */
const CANDIDATES = ['/usr/bin/python3', 'python3'];

let found: Promise<string | null> | undefined;

/** A python3 that can `import openpyxl`, or null. */
export function openpyxlPython(): Promise<string | null> {
  found ??= (async () => {
    for (const python of CANDIDATES) {
      const ok = await run(python, ['-c', 'import openpyxl']).then(() => true, () => false);
      if (ok) return python;
    }
    return null;
  })();
  return found;
}

/** Why an openpyxl test is skipped here (null: it runs); under CI=true a missing openpyxl fails instead. */
export async function openpyxlMissing(): Promise<string | null> {
  if (await openpyxlPython()) return null;
  const reason = 'python3-openpyxl is not installed (apt-get install -y python3-openpyxl; .ci/run does it)';
  if (inCi()) throw new Error(`CI: ${reason}`);
  return reason;
}

/** One cell as openpyxl reads it. */
export interface OpenpyxlCell {
  readonly ref: string;
  readonly value: string | number | boolean | null;
  readonly type: string;
  readonly quotePrefix: boolean;
}

/** Every non-empty cell of every sheet of `file`, read by openpyxl (a second, independent reader). */
export async function readWithOpenpyxl(file: string): Promise<Record<string, OpenpyxlCell[]>> {
  const python = await openpyxlPython();
  if (!python) throw new Error('openpyxl is not available');
  const script = [
    'import json, sys, openpyxl',
    'wb = openpyxl.load_workbook(sys.argv[1])',
    'out = {}',
    'for ws in wb.worksheets:',
    '    out[ws.title] = [{"ref": c.coordinate, "value": c.value, "type": c.data_type, "quotePrefix": bool(c.quotePrefix)}',
    '                     for row in ws.iter_rows() for c in row if c.value is not None]',
    'sys.stdout.write(json.dumps(out, default=str))',
  ].join('\n');
  const { stdout } = await run(python, ['-c', script, file], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as Record<string, OpenpyxlCell[]>;
}
