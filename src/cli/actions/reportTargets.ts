import { PackregError } from '../../domain/PackregError.js';
import { reportFormatOf, type ReportFormat } from '../../report/reportFormatOf.js';

/** `--report` paths with their formats (by extension, SPEC §6); an unsupported one is a usage error. */
export function reportTargets(paths: readonly string[]): Array<{ path: string; format: ReportFormat }> {
  return paths.map((path) => {
    const format = reportFormatOf(path);
    if (!format) {
      throw new PackregError('USAGE', {
        detail: {
          ja: `レポート ${path} の形式には対応していません(.json・.csv・.xlsx のいずれかにしてください)`,
          en: `report format of ${path} is not supported (use .json, .csv or .xlsx)`,
        },
      });
    }
    return { path, format };
  });
}

/** `--rejects` (and `template`) must be a workbook: it is meant to be opened, fixed and uploaded again. */
export function workbookTarget(path: string | undefined, option: string): string | undefined {
  if (path !== undefined && reportFormatOf(path) !== 'xlsx') {
    throw new PackregError('USAGE', {
      detail: {
        ja: `${option} は Excel ブックを書き出します。.xlsx で終わるパスを指定してください(指定: ${path})`,
        en: `${option} writes an Excel workbook: give a path ending in .xlsx (got ${path})`,
      },
    });
  }
  return path;
}
