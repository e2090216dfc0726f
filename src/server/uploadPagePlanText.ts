/**
 * Texts of the upload page's "check first, then register" part (issue 20 item 6), both languages.
 * `{n}` and the like are filled by the script.
 */
export const UPLOAD_PAGE_PLAN_TEXT = {
  ja: {
    title: '確認した内容で登録',
    ready: '確認が終わりました。登録できる行は {n} 行です(エラーの行は登録されません)。この確認結果のとおりに登録できます。確認の後に参照データや登録状況が変わって結果が変わる場合は、何も登録しません。',
    nothing: '登録できる行がありません。',
    commit: 'この内容で登録する',
    committing: '登録を開始しています…',
    changedTitle: '確認の後に結果が変わった行があるため、何も登録していません。もう一度確認してください。',
    row: '{row} 行目: {before} → {after}',
    status: { valid: '登録可能', already_registered: '登録済み', rejected: 'エラー', held: '保留', registered: '登録', pending_review: '確認中' } as Record<string, string>,
    none: '(なし)',
  },
  en: {
    title: 'Register what was checked',
    ready: 'The check is done: {n} rows can be registered (rows with errors are not). You can register exactly this result. If reference data or registrations changed since the check and a row\'s result would differ, nothing is registered.',
    nothing: 'No row can be registered.',
    commit: 'Register exactly this',
    committing: 'Starting the registration…',
    changedTitle: 'Nothing was registered: some rows would now have another result than the check showed. Check the file again.',
    row: 'row {row}: {before} → {after}',
    status: { valid: 'valid', already_registered: 'already registered', rejected: 'rejected', held: 'held', registered: 'registered', pending_review: 'pending review' } as Record<string, string>,
    none: '(none)',
  },
};
