import { describe, expect, it } from 'vitest';
import { FILE_ERRORS, fileErrorMessage, type FileErrorCode } from '../../../src/domain/fileErrors.js';
import { PackregError } from '../../../src/domain/PackregError.js';
import { ROW_CODES, renderFinding } from '../../../src/domain/rowCodes.js';

/**
 * Issue 15: a PGlite failure (an emscripten ErrnoError, not an `Error`) reached the user as
 * "cannot be opened ([object Object])". Whatever a param holds — a thrown non-Error, a plain
 * object, an array of them, an Error — no catalog message may ever show `[object Object]`.
 */

/** The param names a catalog template reads (`p.name`), taken from its own source. */
function paramNames(...templates: Array<(...args: never[]) => string>): string[] {
  const names = new Set<string>();
  for (const t of templates) for (const m of t.toString().matchAll(/\bp\.(\w+)/g)) names.add(m[1]!);
  return [...names];
}

class ErrnoError {
  readonly name = 'ErrnoError';
  constructor(readonly errno: number) {}
}

const HOSTILE_VALUES: ReadonlyArray<readonly [string, unknown]> = [
  ['a thrown non-Error (emscripten ErrnoError)', new ErrnoError(44)],
  ['a plain object', { nested: { deeper: true }, list: [1, 2] }],
  ['an object with a message', { message: 'disk on fire', code: 'EIO' }],
  ['an array of objects', [{ a: 1 }, new ErrnoError(2)]],
  ['an Error', Object.assign(new Error('boom'), { code: 'EACCES' })],
  ['an object whose toString throws', { toString: () => { throw new Error('no'); } }],
  ['a null-prototype object', Object.assign(Object.create(null), { x: 1 })],
];

describe('catalog messages never render [object Object]', () => {
  for (const [what, value] of HOSTILE_VALUES) {
    it(`file-level and run errors, every param ${what}`, () => {
      for (const code of Object.keys(FILE_ERRORS) as FileErrorCode[]) {
        const entry = FILE_ERRORS[code];
        const params = Object.fromEntries(paramNames(entry.ja, entry.en).map((n) => [n, value]));
        for (const lang of ['ja', 'en'] as const) {
          const message = fileErrorMessage(code, params, lang);
          expect(message, `${code} ${lang}`).not.toMatch(/\[object \w+\]/);
          expect(new PackregError(code, params).messageIn(lang), `${code} ${lang}`).not.toMatch(/\[object \w+\]/);
        }
      }
    });

    it(`row findings, every param ${what}`, () => {
      for (const [code, entry] of Object.entries(ROW_CODES)) {
        const params = Object.fromEntries(paramNames(entry.ja, entry.en).map((n) => [n, value]));
        for (const lang of ['ja', 'en'] as const) {
          const { message } = renderFinding({ code, field: null, params }, lang);
          expect(message, `${code} ${lang}`).not.toMatch(/\[object \w+\]/);
        }
      }
    });
  }

  it('shows what a thrown object says: its message, or its name and errno', () => {
    expect(fileErrorMessage('DATABASE_CORRUPT', { dir: '/d', detail: new ErrnoError(44) }, 'en')).toContain('ErrnoError');
    expect(fileErrorMessage('DATABASE_CORRUPT', { dir: '/d', detail: new ErrnoError(44) }, 'en')).toContain('44');
    expect(fileErrorMessage('INTERNAL', { detail: { message: 'disk on fire' } }, 'en')).toContain('disk on fire');
    // Arrays still render as lists, numbers and strings as themselves.
    expect(fileErrorMessage('HEADER_DUPLICATE_COLUMN', { headers: ['A', 'B'] }, 'en')).toContain('A, B');
    expect(fileErrorMessage('FILE_TOO_LARGE', { limitMb: 50 }, 'en')).toContain('50 MB');
  });
});
