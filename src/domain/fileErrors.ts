import { applicationStatusLabel } from './applicationStatus.js';
import type { Lang } from './lang.js';
import { printableParams } from './paramText.js';
import { SETTINGS_ERRORS } from './settingsErrors.js';

type Params = Readonly<Record<string, unknown>>;

interface FileErrorEntry {
  /** Process exit code when this error ends a CLI run (SPEC §7; sysexits.h where the SPEC is silent). */
  readonly exitCode: number;
  readonly ja: (p: Params) => string;
  readonly en: (p: Params) => string;
}

const list = (value: unknown): string => (Array.isArray(value) ? value.join(', ') : String(value ?? ''));
/** Column keys as the reseller knows them (SPEC §3 first headers), with the key for the curious. */
const COLUMN_NAMES: Readonly<Record<string, { ja: string; en: string }>> = {
  support_id: { ja: 'サポートID', en: 'support id' },
  pack_model: { ja: '型番', en: 'pack model' },
  pack_serial: { ja: '製品シリアルNo.', en: 'pack serial' },
  product_model: { ja: '対象製品型番', en: 'product model' },
  service_start: { ja: 'サービス開始日', en: 'service start' },
};
const columnNames = (value: unknown, lang: Lang): string =>
  (Array.isArray(value) ? value : [value])
    .map((k) => COLUMN_NAMES[String(k)]?.[lang] ?? String(k))
    .map((name) => (lang === 'ja' ? `「${name}」` : `"${name}"`))
    .join(lang === 'ja' ? '、' : ', ');
/** What NOT_FOUND did not find (`kind`), named in the message's language. */
const KINDS: Readonly<Record<string, { ja: string; en: string }>> = {
  import: { ja: '取込', en: 'Import' },
  application: { ja: 'お申し込み', en: 'Application' },
  receipt: { ja: '受付番号', en: 'Receipt' },
  registration: { ja: '登録(受付番号 / シリアル)', en: 'Registration (receipt / serial)' },
  token: { ja: '有効なトークン', en: 'A live token' },
  plan: { ja: '確認結果(プラン)', en: 'Plan' },
  planFile: { ja: '確認したファイル(このプランはアップロードされたファイルのものではありません)', en: 'The previewed file (this plan was not made from an uploaded file)' },
};
const IMPORT_STATES: Readonly<Record<string, { ja: string; en: string }>> = {
  finished: { ja: '終わっている', en: 'finished' },
  failed: { ja: '失敗している', en: 'failed' },
  cancelled: { ja: '取り消されている', en: 'been cancelled' },
};
const importStateJa = (s: unknown): string => IMPORT_STATES[String(s)]?.ja ?? `${String(s)}である`;
const importStateEn = (s: unknown): string => IMPORT_STATES[String(s)]?.en ?? String(s);
const where = (p: Params): string => (p.file ? `${String(p.file)}${p.line ? `:${String(p.line)}` : ''}: ` : '');

/**
 * Errors that stop a whole run (SPEC §6 file-level codes, plus the run's own: usage, database,
 * reference data). Exit codes: 2 for a file-level error and 64 for a usage error as SPEC §7 says;
 * the others follow sysexits.h (65 data, 69 unavailable, 70 software, 75 try again, 78 config).
 */
export const FILE_ERRORS = {
  FILE_UNREADABLE: {
    exitCode: 2,
    ja: (p) => `ファイルを読み取れません${p.detail ? `(${String(p.detail)})` : ''}。CSV(カンマ・タブ・セミコロン区切り)または Excel ブック(.xlsx)で保存し直してください。`,
    en: (p) => `The file cannot be read${p.detail ? ` (${String(p.detail)})` : ''}. Save it again as CSV (comma, tab or semicolon separated) or as an Excel workbook (.xlsx).`,
  },
  FILE_ENCODING: {
    exitCode: 2,
    ja: (p) => p.bom === false
      ? `文字コード ${String(p.encoding)}(BOM なし)には対応していません。UTF-8、Shift_JIS(CP932)または Excel の「Unicode テキスト」(BOM 付き UTF-16)で保存し直してください。`
      : `文字コードを判別できません${p.encoding ? `(${String(p.encoding)} として読めません)` : ''}。UTF-8 または Shift_JIS(CP932)で保存し直してください。`,
    en: (p) => p.bom === false
      ? `The text encoding ${String(p.encoding)} without a byte order mark is not supported. Save the file as UTF-8, Shift_JIS (CP932) or Excel's "Unicode text" (UTF-16 with a BOM).`
      : `The text encoding is not supported${p.encoding ? ` (it does not decode as ${String(p.encoding)})` : ''}. Save the file as UTF-8 or Shift_JIS (CP932).`,
  },
  FILE_EMPTY: {
    exitCode: 2,
    ja: () => 'データ行がありません。見出し行の下に 1 行 1 パックで入力してください。',
    en: () => 'The file has no data rows. Enter one pack per row below the header row.',
  },
  FILE_TOO_LARGE: {
    exitCode: 2,
    ja: (p) => `ファイルが大きすぎます(上限 ${String(p.limitMb)} MB)。ファイルを分割してください。`,
    en: (p) => `The file is too large (limit ${String(p.limitMb)} MB). Split it into several files.`,
  },
  FILE_LIMITS: {
    exitCode: 2,
    ja: (p) => `ファイルが上限を超えています: ${String(p.what)}(上限 ${String(p.limit)})。ファイルを分割するか不要な列を削除してください。`,
    en: (p) => `The file is over a limit: ${String(p.what)} (limit ${String(p.limit)}). Split the file or remove unused columns.`,
  },
  HEADER_NOT_FOUND: {
    exitCode: 2,
    ja: () => '見出し行が見つかりません。先頭 10 行以内に「サポートID」「型番」「製品シリアルNo.」などの見出しを入れてください。',
    en: () => 'No header row was found. Put a header row (support id, pack model, pack serial, …) within the first 10 rows.',
  },
  HEADER_MISSING_COLUMNS: {
    exitCode: 2,
    ja: (p) => `必須の列がありません: ${columnNames(p.columns, 'ja')}。見出し行に追加してください(packreg template で見出し入りのひな形を作れます)。`,
    en: (p) => `Required columns are missing: ${columnNames(p.columns, 'en')}. Add them to the header row (packreg template writes a workbook with every header).`,
  },
  HEADER_DUPLICATE_COLUMN: {
    exitCode: 2,
    ja: (p) => `同じ項目の列が 2 つ以上あります: ${list(p.headers ?? p.columns)}。どちらか 1 列を削除するか、見出しを変えてください。`,
    en: (p) => `The same column appears more than once: ${list(p.headers ?? p.columns)}. Delete one of them or rename its header.`,
  },
  SHEET_NOT_FOUND: {
    exitCode: 2,
    ja: (p) => `シート「${String(p.sheet)}」がブックにありません。ブックにあるシート: ${(Array.isArray(p.sheets) ? p.sheets : []).map((s) => `「${String(s)}」`).join('、') || '(なし)'}。`,
    en: (p) => `The workbook has no sheet named "${String(p.sheet)}". Its sheets: ${(Array.isArray(p.sheets) ? p.sheets : []).map((s) => `"${String(s)}"`).join(', ') || '(none)'}.`,
  },
  RESELLER_UNKNOWN: {
    exitCode: 64,
    ja: (p) => `販売店コード「${String(p.reseller)}」は登録されていません。`,
    en: (p) => `Reseller code "${String(p.reseller)}" is not known.`,
  },
  USAGE: {
    exitCode: 64,
    ja: (p) => `使い方が正しくありません: ${String(p.detail)}`,
    en: (p) => `Usage error: ${String(p.detail)}`,
  },
  CONFIG_INVALID: {
    exitCode: 78,
    ja: (p) => `設定が正しくありません: ${String(p.detail)}`,
    en: (p) => `Invalid configuration: ${String(p.detail)}`,
  },
  DATABASE_LOCKED: {
    exitCode: 75,
    ja: (p) => `組み込みデータベース ${String(p.dir)} は別のプロセス${p.pid ? `(PID ${String(p.pid)})` : ''}が使用中です。終了を待ってから再実行してください。`,
    en: (p) => `The embedded database ${String(p.dir)} is in use by another process${p.pid ? ` (PID ${String(p.pid)})` : ''}. Wait for it to finish, then run again.`,
  },
  DATABASE_UNAVAILABLE: {
    exitCode: 69,
    ja: (p) => `データベースに接続できません${p.detail ? `(${String(p.detail)})` : ''}。DATABASE_URL とサーバーの状態を確認してください。`,
    en: (p) => `Cannot reach the database${p.detail ? ` (${String(p.detail)})` : ''}. Check DATABASE_URL and that the server is running.`,
  },
  DATABASE_CORRUPT: {
    exitCode: 70,
    ja: (p) => `組み込みデータベース ${String(p.dir)} を開けません(${String(p.detail)})。バックアップから戻すか、ディレクトリを退避してから reference load をやり直してください。`,
    en: (p) => `The embedded database ${String(p.dir)} cannot be opened (${String(p.detail)}). Restore it from a backup, or move the directory aside and load the reference data again.`,
  },
  IMPORT_ABANDONED: {
    // Exit 75 (try again): running the same file again completes it (SPEC §5).
    exitCode: 75,
    ja: (p) => Number(p.interruptions ?? 0) >= 2
      ? `取込処理が ${String(p.interruptions)} 回続けて中断されたため、これ以上は実行しません(処理していたプロセスが終了しています)。ファイルの大きさ・内容をご確認のうえ、分割して取り込むか管理者に連絡してください。`
      : `取込処理が中断されました(処理していたプロセス${p.runner ? ` ${String(p.runner)}` : ''} が終了しています)。確定済みのお申し込みはそのまま有効です。同じファイルをもう一度取り込むと残りを登録します(確定済みの行は「登録済み」と報告されます)。`,
    en: (p) => Number(p.interruptions ?? 0) >= 2
      ? `The import was interrupted ${String(p.interruptions)} times in a row (the process running it ended) and is not run again. Check the file's size and content, split it, or contact the operator.`
      : `The import was interrupted: the process running it${p.runner ? ` (${String(p.runner)})` : ''} has ended. Applications it committed stand; import the same file again to register the rest (rows it committed are reported as already registered).`,
  },
  REFERENCE_INVALID: {
    exitCode: 65,
    ja: (p) => `${where(p)}参照データが不正です: ${String(p.reason)}。何も読み込んでいません。`,
    en: (p) => `${where(p)}invalid reference data: ${String(p.reason)}. Nothing was loaded.`,
  },
  NOT_FOUND: {
    exitCode: 66,
    ja: (p) => `${KINDS[String(p.kind)]?.ja ?? String(p.kind)}${p.id ? ` ${String(p.id)}` : ''} が見つかりません。`,
    en: (p) => `${KINDS[String(p.kind)]?.en ?? String(p.kind)}${p.id ? ` ${String(p.id)}` : ''} was not found.`,
  },
  CURSOR_INVALID: {
    // A list's `cursor` is opaque: only one the same list returned is accepted (issue 20).
    exitCode: 64,
    ja: () => 'ページの続きを示す cursor が正しくありません。一覧が返した nextCursor をそのまま指定してください。',
    en: () => 'The cursor is not valid. Pass the nextCursor a list returned, unchanged.',
  },
  APPLICATION_UNDER_REVIEW: {
    exitCode: 65,
    ja: (p) => `受付番号 ${String(p.receiptNo)} のお申し込みは弊社にて登録内容確認中のため、設置場所・オプション機器を変更できません。確認完了後に変更するか、受付番号を添えてお問い合わせください。`,
    en: (p) => `Application ${String(p.receiptNo)} is under review: its site and options cannot be changed until the review is finished. Try again afterwards, or contact support with the receipt number.`,
  },
  APPLICATION_NOT_UNDER_REVIEW: {
    exitCode: 65,
    ja: (p) => `受付番号 ${String(p.receiptNo)} のお申し込みは確認中ではありません(現在: ${applicationStatusLabel(String(p.status), 'ja')})。承認・却下は確認中のお申し込みにだけ行えます。`,
    en: (p) => `Application ${String(p.receiptNo)} is not under review (it is ${applicationStatusLabel(String(p.status), 'en')}). Only an application under review can be approved or rejected.`,
  },
  REGISTRATION_RELEASED: {
    exitCode: 65,
    ja: (p) => `製品シリアルNo.「${String(p.serial)}」の登録は取り消されています(受付番号 ${String(p.receiptNo)})。変更できません。`,
    en: (p) => `The registration of pack serial "${String(p.serial)}" was released (receipt ${String(p.receiptNo)}); it cannot be changed.`,
  },
  IMPORT_NOT_CANCELLABLE: {
    // Exit 65: the import's state does not allow it (like APPLICATION_NOT_UNDER_REVIEW).
    exitCode: 65,
    ja: (p) => `取込${p.id ? ` ${String(p.id)}` : ''}は既に${importStateJa(p.status)}ため、取り消せません。${p.status === 'finished' ? '確定したお申し込みを取り消す場合は、受付番号を添えてお問い合わせください。' : ''}`,
    en: (p) => `Import${p.id ? ` ${String(p.id)}` : ''} has already ${importStateEn(p.status)} and cannot be cancelled.${p.status === 'finished' ? ' To withdraw an application it committed, contact support with the receipt number.' : ''}`,
  },
  PLAN_CHANGED: {
    exitCode: 65,
    ja: (p) => `確認(ドライラン)の後に参照データまたは登録状況が変わり、${String(p.count)} 行の結果が確認時と異なるため、何も登録していません: ${list(p.listed)}${Number(p.count) > (Array.isArray(p.listed) ? p.listed.length : 0) ? ' ほか' : ''}。もう一度確認してから登録してください。`,
    en: (p) => `Nothing was committed: since the preview (dry run), reference data or registrations changed, and ${String(p.count)} rows would now have another outcome: ${list(p.listed)}${Number(p.count) > (Array.isArray(p.listed) ? p.listed.length : 0) ? ', …' : ''}. Check the file again, then commit the new plan.`,
  },
  PLAN_MISMATCH: {
    exitCode: 65,
    ja: (p) => p.what === 'file'
      ? `ファイルが確認(ドライラン)したものと違います(確認時の SHA-256 ${String(p.expected).slice(0, 12)}…、今回 ${String(p.actual).slice(0, 12)}…)。何も登録していません。確認したファイルをそのまま指定するか、このファイルを確認し直してください。`
      : `指定が確認(ドライラン)のときと違います(${String(p.option)}: 確認時「${String(p.expected)}」、今回「${String(p.actual)}」)。何も登録していません。確認時と同じ指定にするか、確認し直してください。`,
    en: (p) => p.what === 'file'
      ? `This is not the file that was previewed (preview sha256 ${String(p.expected).slice(0, 12)}…, this file ${String(p.actual).slice(0, 12)}…). Nothing was committed. Give the previewed file, or preview this one.`
      : `The options differ from the preview's (${String(p.option)}: preview "${String(p.expected)}", now "${String(p.actual)}"). Nothing was committed. Use the preview's options, or preview again.`,
  },
  PLAN_USED: {
    exitCode: 65,
    ja: (p) => `この確認結果(プラン ${String(p.planId ?? '')})は既に登録に使われています${p.importId ? `(取込 ${String(p.importId)})` : ''}。もう一度登録する場合は、ファイルを確認し直してください。`,
    en: (p) => `This plan (${String(p.planId ?? '')}) has already been committed${p.importId ? ` (import ${String(p.importId)})` : ''}. To commit again, preview the file again.`,
  },
  INTERNAL: {
    exitCode: 70,
    ja: (p) => `内部エラーが発生しました${p.detail ? `(${String(p.detail)})` : ''}。ログを添えて管理者に連絡してください。`,
    en: (p) => `An internal error occurred${p.detail ? ` (${String(p.detail)})` : ''}. Contact the operator with the log.`,
  },
  ...SETTINGS_ERRORS,
} satisfies Record<string, FileErrorEntry>;

export type FileErrorCode = keyof typeof FILE_ERRORS;

/** SPEC §6: the codes a file can end in (the others end a run for reasons outside the file). */
export const FILE_LEVEL_CODES: readonly FileErrorCode[] = [
  'FILE_UNREADABLE',
  'FILE_ENCODING',
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'FILE_LIMITS',
  'HEADER_NOT_FOUND',
  'HEADER_MISSING_COLUMNS',
  'HEADER_DUPLICATE_COLUMN',
  'SHEET_NOT_FOUND',
];

/** The message of `code` in `lang`; params of any kind render as text (never "[object Object]"). */
export function fileErrorMessage(code: FileErrorCode, params: Params, lang: Lang): string {
  return FILE_ERRORS[code][lang](printableParams(params, lang));
}

export function exitCodeOf(code: FileErrorCode): number {
  return FILE_ERRORS[code].exitCode;
}
