import { createHash } from 'node:crypto';
import { UPLOAD_PAGE_BODY } from './uploadPageBody.js';
import { UPLOAD_PAGE_CANCEL_SCRIPT } from './uploadPageCancelScript.js';
import { UPLOAD_PAGE_LISTS_SCRIPT } from './uploadPageListsScript.js';
import { UPLOAD_PAGE_LISTS_STYLE } from './uploadPageListsStyle.js';
import { UPLOAD_PAGE_PLAN_SCRIPT } from './uploadPagePlanScript.js';
import { UPLOAD_PAGE_SCRIPT } from './uploadPageScript.js';
import { UPLOAD_PAGE_SETTINGS_BODY, UPLOAD_PAGE_SETTINGS_SCRIPT } from './uploadPageSettings.js';
import { UPLOAD_PAGE_STYLE } from './uploadPageStyle.js';

/**
 * The upload page at `/` (SPEC §7): plain HTML, one inline style and one inline script, no
 * framework and no outside requests. A reseller enters the token once (kept in localStorage),
 * chooses how rows with errors are handled, drops or picks a file, and watches it go through; the
 * results table lists rejected rows first, with download buttons for every report. Japanese by
 * default, English on the toggle; a switch re-renders everything on screen, the server's messages
 * included. Parts, each in its own file: the markup (uploadPageBody), the style
 * (uploadPageStyle), the script (uploadPageScript) and its texts in both languages
 * (uploadPageText); further parts (lists, plan, settings, cancel) each bring their own.
 */
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The page's Content-Security-Policy: only this page's own script and style (by hash of the exact
 * text between the tags), requests only to this origin, no framing. A value injected into the
 * page could not run.
 */
export const UPLOAD_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(UPLOAD_PAGE_SCRIPT)} ${sha256(UPLOAD_PAGE_LISTS_SCRIPT)} ${sha256(UPLOAD_PAGE_PLAN_SCRIPT)} ${sha256(UPLOAD_PAGE_SETTINGS_SCRIPT)} ${sha256(UPLOAD_PAGE_CANCEL_SCRIPT)}`,
  `style-src ${sha256(UPLOAD_PAGE_STYLE)} ${sha256(UPLOAD_PAGE_LISTS_STYLE)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The whole page, ready to send as text/html. */
export const UPLOAD_PAGE_HTML = `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>サポートパック一括登録</title>
<style>${UPLOAD_PAGE_STYLE}</style>
<style>${UPLOAD_PAGE_LISTS_STYLE}</style>
</head>
<body>${UPLOAD_PAGE_BODY}${UPLOAD_PAGE_SETTINGS_BODY}<script>${UPLOAD_PAGE_SCRIPT}</script><script>${UPLOAD_PAGE_LISTS_SCRIPT}</script><script>${UPLOAD_PAGE_PLAN_SCRIPT}</script><script>${UPLOAD_PAGE_SETTINGS_SCRIPT}</script><script>${UPLOAD_PAGE_CANCEL_SCRIPT}</script>
</body>
</html>
`;
