/**
 * The upload page's lists (issue 20): a tab list of support-ID search (the portal's STEP 1),
 * applications (登録状況確認, with a serial lookup) and import history. Every `data-l` element is
 * filled from UPLOAD_PAGE_LISTS_TEXT by uploadPageListsScript; the ids are its contract with that
 * script and with test/e2e/browserLists.test.ts.
 */
const statusSelect = (id: string, values: readonly string[]) =>
  `<select id="${id}"><option value="" data-l="any"></option>${values.map((v) => `<option value="${v}" data-l="status.${v}"></option>`).join('')}</select>`;

export const UPLOAD_PAGE_LISTS_BODY = `
  <section id="lists" aria-labelledby="lists-title">
    <h2 id="lists-title" data-l="listsTitle"></h2>
    <div class="tabs" role="tablist" aria-labelledby="lists-title">
      <button type="button" role="tab" id="tab-contracts" aria-controls="panel-contracts" aria-selected="true" data-l="tabContracts"></button>
      <button type="button" role="tab" id="tab-applications" aria-controls="panel-applications" aria-selected="false" tabindex="-1" data-l="tabApplications"></button>
      <button type="button" role="tab" id="tab-imports" aria-controls="panel-imports" aria-selected="false" tabindex="-1" data-l="tabImports"></button>
    </div>
    <div id="panel-contracts" role="tabpanel" aria-labelledby="tab-contracts">
      <form id="contract-form" class="row filters" role="search">
        <label><span data-l="qLabel"></span><input id="contract-q" type="search" maxlength="200" aria-describedby="contract-q-help"></label>
        <label><span data-l="statusLabel"></span>${statusSelect('contract-status', ['active', 'expired'])}</label>
        <button type="submit" data-l="search"></button>
      </form>
      <p id="contract-q-help" class="muted" data-l="qHelp"></p>
      <div id="contract-list" class="list"></div>
    </div>
    <div id="panel-applications" role="tabpanel" aria-labelledby="tab-applications" hidden>
      <form id="application-form" class="row filters">
        <label><span data-l="statusLabel"></span>${statusSelect('application-status', ['completed', 'under_review', 'rejected'])}</label>
        <label><span data-l="supportIdLabel"></span><input id="application-support-id" type="text" maxlength="40" inputmode="numeric"></label>
        <label><span data-l="sinceLabel"></span><input id="application-since" type="date"></label>
        <label><span data-l="untilLabel"></span><input id="application-until" type="date"></label>
        <label><span data-l="serialLabel"></span><input id="application-serial" type="text" maxlength="200"></label>
        <button type="submit" data-l="show"></button>
      </form>
      <div id="application-list" class="list"></div>
    </div>
    <div id="panel-imports" role="tabpanel" aria-labelledby="tab-imports" hidden>
      <form id="import-form" class="row filters">
        <label><span data-l="statusLabel"></span>${statusSelect('import-status', ['queued', 'running', 'finished', 'failed'])}</label>
        <button type="submit" data-l="show"></button>
      </form>
      <div id="import-list" class="list"></div>
    </div>
  </section>
`;
