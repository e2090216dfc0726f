/**
 * Texts of the upload page's cancel part (issue 20 item 4, uploadPageCancelScript), both
 * languages. What the server refuses (IMPORT_NOT_CANCELLABLE and the like) is shown in the
 * server's own words, asked for in the page's language.
 */
export const UPLOAD_PAGE_CANCEL_TEXT = {
  ja: {
    cancel: 'この取込を取り消す',
    asking: '取り消しています…',
    cancelled: '取込を取り消しました。',
    cancelling: '取り消しを受け付けました。いま登録中のまとまりが終わったところで止まります。それまでに登録したお申し込みは有効で(受付番号もそのまま使えます)、残りの行は登録しません。どの行がどちらかは結果に表示されます。',
    network: 'サーバーに接続できません。ネットワークを確認して、もう一度お試しください。',
  },
  en: {
    cancel: 'Cancel this import',
    asking: 'Cancelling…',
    cancelled: 'The import was cancelled.',
    cancelling: 'Cancel requested: the import stops once the group of applications it is registering now is done. Applications registered until then stay registered (their receipts are valid); the other rows are not registered. The results will show which rows are which.',
    network: 'The server cannot be reached. Check the network connection and try again.',
  },
} as const;
