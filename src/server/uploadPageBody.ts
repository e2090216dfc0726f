/**
 * The upload page's markup (inside `<body>`, before the script). No text of its own beyond the
 * title: every `data-t` element is filled from UPLOAD_PAGE_TEXT by the script (`data-t-label`
 * fills an aria-label), so both languages come from one place. The ids are the page's contract
 * with its script and with test/e2e/browser.test.ts.
 */
import { UPLOAD_PAGE_LISTS_BODY } from './uploadPageListsBody.js';

export const UPLOAD_PAGE_BODY = `
<header>
  <h1 data-t="title">サポートパック一括登録</h1>
  <div class="lang" role="group" data-t-label="langGroup"><button id="lang-ja" type="button" lang="ja">日本語</button> <button id="lang-en" type="button" lang="en">English</button></div>
</header>
<main>
  <section aria-labelledby="token-title">
    <h2 id="token-title" data-t="tokenTitle"></h2>
    <form id="token-form">
      <label class="field" for="token" data-t="tokenLabel"></label>
      <div class="row"><input id="token" type="password" autocomplete="off" spellcheck="false" aria-describedby="token-help"><button type="submit" data-t="save"></button></div>
      <p id="token-help" class="muted" data-t="tokenHelp"></p>
    </form>
    <div id="token-saved" class="row" hidden><span>✔ <span data-t="tokenSaved"></span></span><button id="change-token" type="button" class="secondary" data-t="forget"></button></div>
    <div id="token-error" class="error" role="alert" hidden></div>
    <p id="token-where" class="muted" data-t="tokenWhere"></p>
  </section>
  <section aria-labelledby="file-title">
    <h2 id="file-title" data-t="fileTitle"></h2>
    <div id="drop"><strong data-t="drop"></strong><br><span class="muted" data-t="or"></span><br><button id="pick" type="button" class="secondary" data-t="pick"></button>
      <input id="file" type="file" data-t-label="fileLabel" accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" hidden></div>
    <div class="row"><span id="file-name" aria-live="polite"></span></div>
    <div class="row"><label><input id="dry-run" type="checkbox"> <span data-t="dryRun"></span></label></div>
    <fieldset id="atomicity">
      <legend data-t="atomicityLegend"></legend>
      <div class="choice"><input type="radio" name="atomicity" id="atomicity-row" value="row" aria-describedby="atomicity-row-help"><label for="atomicity-row" data-t="atomicityRow"></label><span id="atomicity-row-help" class="muted" data-t="atomicityRowHelp"></span></div>
      <div class="choice"><input type="radio" name="atomicity" id="atomicity-application" value="application" aria-describedby="atomicity-application-help" checked><label for="atomicity-application" data-t="atomicityApplication"></label><span id="atomicity-application-help" class="muted" data-t="atomicityApplicationHelp"></span></div>
      <div class="choice"><input type="radio" name="atomicity" id="atomicity-file" value="file" aria-describedby="atomicity-file-help"><label for="atomicity-file" data-t="atomicityFile"></label><span id="atomicity-file-help" class="muted" data-t="atomicityFileHelp"></span></div>
    </fieldset>
    <div class="row">
      <span class="start"><button id="start" type="button" data-t="start" aria-describedby="start-reason" disabled></button><span aria-live="polite"><span id="start-reason" class="reason" hidden></span></span></span>
      <button id="template" type="button" class="secondary" data-t="template"></button>
    </div>
    <div id="upload-error" class="error" role="alert" hidden></div>
  </section>
  <section id="progress" aria-labelledby="progress-title" hidden>
    <h2 id="progress-title" data-t="progressTitle"></h2>
    <ol id="steps" class="steps"></ol>
    <progress id="bar" aria-labelledby="progress-title"></progress>
    <p class="muted" aria-live="polite"><span id="progress-state" class="state"></span> <span id="progress-text"></span></p>
    <div id="progress-error" class="error" role="alert" hidden></div>
  </section>
  <section id="results" aria-labelledby="result-title" hidden>
    <h2 id="result-title" data-t="resultTitle"></h2>
    <div id="counts" class="counts"></div>
    <p id="dry-note" class="muted" data-t="dryNote" hidden></p>
    <p id="result-atomicity" class="muted" hidden></p>
    <div id="file-warnings" class="warnings" hidden></div>
    <div id="downloads" class="downloads"></div>
    <p id="shown" class="muted"></p>
    <table><thead><tr id="result-head"></tr></thead><tbody id="result-body"></tbody></table>
  </section>
${UPLOAD_PAGE_LISTS_BODY}</main>
`;
