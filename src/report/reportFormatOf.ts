import path from 'node:path';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** SPEC §6: the format is the report path's extension (case-insensitive); null when unsupported. */
export function reportFormatOf(file: string): ReportFormat | null {
  const ext = path.extname(file).slice(1).toLowerCase();
  return (REPORT_FORMATS as readonly string[]).includes(ext) ? (ext as ReportFormat) : null;
}
