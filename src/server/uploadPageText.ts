/**
 * Every text the upload page writes itself, in both languages (the page shows one at a time and
 * switches without a reload). `{name}` is filled in by the page's script; text between backticks
 * is shown as code. Messages about rows and files are not here: the server renders them from its
 * catalogs in the language the page asks for (`?lang=`), and the page asks again on a switch.
 *
 * `problems` is the page's own wording for what a request can answer, keyed by error code. API
 * clients get the server's message (e.g. UNAUTHORIZED names the `Authorization` header); a
 * reseller in a browser is told what to do instead.
 */
const ja = {
  title: 'サポートパック一括登録',
  langGroup: '表示言語',
  tokenTitle: '1. API トークン',
  tokenLabel: '販売店用の API トークン',
  tokenHelp: 'トークンを貼り付けて「保存」を押してください。最初の取込のときに確認されます。',
  tokenWhere: 'トークンは貴社の管理者(packreg の運用担当者)から受け取ってください。管理者が `packreg token create --reseller 販売店コード` で発行します。'
    + 'トークンはこのブラウザにだけ保存され、このサーバー以外には送られません。共用のパソコンでは、使い終わったら「このトークンを削除」を押してください。',
  save: '保存',
  tokenSaved: 'トークン保存済み(このブラウザのみ)',
  forget: 'このトークンを削除',
  fileTitle: '2. ファイルを選んで取込',
  fileLabel: '取り込むファイル',
  drop: 'ここに CSV または Excel ファイルをドラッグ&ドロップ',
  or: 'または',
  pick: 'ファイルを選択',
  dryRun: 'まず確認する(登録しないで検証だけ行い、結果を見てから「この内容で登録する」で登録)',
  atomicityLegend: 'エラーの行があるときの登録単位',
  atomicityRow: '行ごと',
  atomicityRowHelp: 'エラーのない行はすべて登録します。同じお申し込みにエラーの行があっても登録します。',
  atomicityApplication: 'お申し込みごと(標準)',
  atomicityApplicationHelp: 'お申し込み(サポートID)の中にエラーの行が 1 つでもあれば、そのお申し込みの行はすべて保留します。ほかのお申し込みは登録します。',
  atomicityFile: 'ファイルごと(すべて登録するか、何も登録しないか)',
  atomicityFileHelp: 'ファイルの中にエラーの行が 1 つでもあれば何も登録せず、エラーのない行はすべて保留します。',
  start: '取込開始',
  template: 'テンプレート(Excel)をダウンロード',
  reason: {
    noToken: '先に「1. API トークン」でトークンを保存してください。',
    noFile: '取り込むファイルを選んでください。',
    running: '取込の実行中です。終わるまでお待ちください。',
  },
  progressTitle: '3. 進行状況',
  steps: ['受付', '読込', '検証', '登録', '完了'],
  state: { uploading: '送信中', queued: '順番待ち', running: '実行中', finished: '完了', failed: '失敗しました', cancelled: '取り消しました' },
  rows: '{n} 行を読込',
  apps: '{n} 件の申込を登録',
  failed: 'ファイルを取り込めませんでした',
  resultTitle: '4. 結果',
  counts: { rows: '全行', registered: '登録完了', pending_review: '登録確認中', already_registered: '登録済み', rejected: 'エラー', held: '保留', valid: '検証OK' },
  status: { registered: '登録完了', pending_review: '登録確認中', already_registered: '登録済み(前回登録)', rejected: 'エラー', held: '保留', valid: '検証OK(未登録)' },
  head: ['行', '結果', '受付番号', 'メッセージ'],
  dl: { json: '結果 (JSON)', csv: '結果 (CSV)', xlsx: '結果 (Excel)', rejects: 'エラー行を修正用にダウンロード (Excel)' },
  shown: 'エラー行を先頭に {n} 行を表示(全 {all} 行。すべての行は結果ファイルで確認できます)',
  dryNote: '試行のため、何も登録していません。',
  resultAtomicity: '登録単位: {name}',
  fileWarnings: 'ファイルについての注意',
  problems: {
    UNAUTHORIZED: 'API トークンがない、間違っている、または無効にされています。貴社の管理者に新しいトークンを依頼してください'
      + '(管理者が `packreg token create --reseller 販売店コード` で発行します)。受け取ったトークンを上の欄に貼り付けて保存してください。',
    RATE_LIMITED: '短い時間に何度も試したため、しばらく受け付けられません。{seconds} 秒後にもう一度お試しください。',
    FILE_TOO_LARGE: 'ファイル({size})が大きすぎて、このサーバーでは受け付けられません。ファイルを分割して、1 つずつ取り込んでください。',
    SHUTTING_DOWN: 'サーバーを再起動しています。1 分ほどしてからもう一度お試しください。',
    INTERNAL: 'サーバーで予期しないエラーが起きました。時間をおいてもう一度お試しください。続くときは管理者に連絡してください。',
    NETWORK: 'サーバーに接続できません。ネットワークを確認して、もう一度お試しください。',
    NO_TOKEN: 'テンプレートのダウンロードにも API トークンが必要です。先に「1. API トークン」で保存してください。',
  },
};

/** The shape both languages share (the Japanese text is the reference). */
export type UploadPageText = typeof ja;

const en: UploadPageText = {
  title: 'Support pack bulk registration',
  langGroup: 'Language',
  tokenTitle: '1. API token',
  tokenLabel: 'Your reseller API token',
  tokenHelp: 'Paste your token and press Save. It is checked at your first import.',
  tokenWhere: 'You get the token from your administrator (the operator of packreg), who creates it with `packreg token create --reseller YOUR-RESELLER-CODE`. '
    + 'It is kept in this browser only and sent to this server only. On a shared computer, press "Forget this token" when you are done.',
  save: 'Save',
  tokenSaved: 'Token saved (in this browser only)',
  forget: 'Forget this token',
  fileTitle: '2. Choose a file and import',
  fileLabel: 'File to import',
  drop: 'Drag and drop a CSV or Excel file here',
  or: 'or',
  pick: 'Choose a file',
  dryRun: 'Check first (validate only; then register exactly that result with "Register exactly this")',
  atomicityLegend: 'When some rows have errors',
  atomicityRow: 'Row by row',
  atomicityRowHelp: 'Every row without errors is registered, even when other rows of its application have errors.',
  atomicityApplication: 'By application (default)',
  atomicityApplicationHelp: 'If any row of an application (one support ID) has an error, all of that application\'s rows are held; other applications are registered.',
  atomicityFile: 'Whole file (all or nothing)',
  atomicityFileHelp: 'If any row of the file has an error, nothing is registered and every row without errors is held.',
  start: 'Start import',
  template: 'Download the template (Excel)',
  reason: {
    noToken: 'Save your API token in step 1 first.',
    noFile: 'Choose a file to import.',
    running: 'An import is running: wait until it finishes.',
  },
  progressTitle: '3. Progress',
  steps: ['Queued', 'Reading', 'Checking', 'Registering', 'Done'],
  state: { uploading: 'Uploading', queued: 'Waiting', running: 'Running', finished: 'Finished', failed: 'Failed', cancelled: 'Cancelled' },
  rows: 'rows read: {n}',
  apps: 'applications registered: {n}',
  failed: 'The file could not be imported',
  resultTitle: '4. Results',
  counts: { rows: 'Rows', registered: 'Registered', pending_review: 'Pending review', already_registered: 'Already registered', rejected: 'Rejected', held: 'Held', valid: 'Valid' },
  status: { registered: 'Registered', pending_review: 'Pending review', already_registered: 'Already registered', rejected: 'Rejected', held: 'Held', valid: 'Valid (dry run)' },
  head: ['Row', 'Result', 'Receipt no.', 'Messages'],
  dl: { json: 'Report (JSON)', csv: 'Report (CSV)', xlsx: 'Report (Excel)', rejects: 'Rows to fix (Excel)' },
  shown: 'Showing {n} of {all} rows, rejected first (the report files have every row).',
  dryNote: 'Dry run: nothing was registered.',
  resultAtomicity: 'When rows had errors: {name}',
  fileWarnings: 'About the file',
  problems: {
    UNAUTHORIZED: 'The API token is missing, wrong or has been revoked. Ask your administrator for a new token '
      + '(they create one with `packreg token create --reseller YOUR-RESELLER-CODE`), then paste it above and save it.',
    RATE_LIMITED: 'Too many attempts in a short time. Try again in {seconds} seconds.',
    FILE_TOO_LARGE: 'The file ({size}) is too large for this server. Split it into smaller files and import them one at a time.',
    SHUTTING_DOWN: 'The server is restarting. Try again in a minute.',
    INTERNAL: 'Something unexpected went wrong on the server. Try again later; if it keeps happening, tell your administrator.',
    NETWORK: 'The server cannot be reached. Check the network connection and try again.',
    NO_TOKEN: 'Downloading the template needs your API token too: save it in step 1 first.',
  },
};

export const UPLOAD_PAGE_TEXT: Readonly<Record<'ja' | 'en', UploadPageText>> = { ja, en };
