/**
 * Texts of the upload page's lists (issue 20: support-ID search, applications, import history),
 * in both languages; the lists' script (uploadPageListsScript) fills every `data-l` element.
 */
export const UPLOAD_PAGE_LISTS_TEXT = {
  ja: {
    listsTitle: '照会', tabContracts: 'サポートID検索', tabApplications: '登録状況', tabImports: '取込履歴',
    qLabel: 'サポートID・お客さま名・システム名', qHelp: '一部でも探せます。全角/半角、カタカナ/ひらがな、㈱/株式会社は区別しません。',
    search: '検索', show: '表示', more: 'さらに表示', statusLabel: '状態', any: 'すべて',
    supportIdLabel: 'サポートID', sinceLabel: '受付日(から)', untilLabel: '受付日(まで)', serialLabel: '製品シリアルNo.',
    none: '該当するものはありません。', noToken: '先に API トークンを保存してください。', network: 'サーバーに接続できません。',
    colSupportId: 'サポートID', colCustomer: 'お客さま', colSystem: 'システム', colStatus: '状態', colRecipients: '機器管理ラベル送付先',
    colReceipt: '受付番号', colCounts: '登録数', colReceived: '受付日時', colFile: 'ファイル', colSource: '経路', colCreated: '取込日時',
    colSummary: '件数', colReports: 'レポート', colSerial: 'シリアル', colPeriod: 'サービス期間',
    released: '取消 {n} 件', rows: '{rows} 行: 登録 {registered}・エラー {rejected}・保留 {held}', dryRun: '検証のみ', cancel: '取り消す',
    status: {
      active: '有効', expired: '期限切れ', completed: '受付完了', under_review: '確認中', rejected: '却下',
      queued: '待機中', running: '実行中', finished: '完了', failed: '失敗', cancelled: '取消',
    },
    role: { admin: '利用管理者', deputy: '利用管理者代行' },
    source: { cli: 'CLI', http: 'HTTP', nightly: '夜間' },
  },
  en: {
    listsTitle: 'Look up', tabContracts: 'Support ID search', tabApplications: 'Applications', tabImports: 'Import history',
    qLabel: 'Support ID, customer or system name', qHelp: 'Any part will do; full/half width, case, katakana/hiragana, and ㈱ or the company form written out, are alike.',
    search: 'Search', show: 'Show', more: 'Show more', statusLabel: 'Status', any: 'any',
    supportIdLabel: 'Support ID', sinceLabel: 'Received from', untilLabel: 'Received until', serialLabel: 'Pack serial',
    none: 'Nothing matches.', noToken: 'Save your API token first.', network: 'The server cannot be reached.',
    colSupportId: 'Support ID', colCustomer: 'Customer', colSystem: 'System', colStatus: 'Status', colRecipients: 'Label recipients',
    colReceipt: 'Receipt', colCounts: 'Registered', colReceived: 'Received', colFile: 'File', colSource: 'Source', colCreated: 'Imported',
    colSummary: 'Counts', colReports: 'Reports', colSerial: 'Serial', colPeriod: 'Service period',
    released: '{n} released', rows: '{rows} rows: {registered} registered, {rejected} rejected, {held} held', dryRun: 'dry run', cancel: 'Cancel',
    status: {
      active: 'active', expired: 'expired', completed: 'completed', under_review: 'under review', rejected: 'rejected',
      queued: 'queued', running: 'running', finished: 'finished', failed: 'failed', cancelled: 'cancelled',
    },
    role: { admin: 'admin', deputy: 'deputy' },
    source: { cli: 'CLI', http: 'HTTP', nightly: 'nightly' },
  },
} as const;
