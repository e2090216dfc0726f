import { UPLOAD_PAGE_LISTS_TEXT } from './uploadPageListsText.js';

/**
 * The script of the upload page's lists (issue 20), beside the page's main script and allowed by
 * its own hash in UPLOAD_PAGE_CSP. It shares with the main script only what the page already
 * keeps: the token in localStorage (`packreg.token`) and the language on `<html lang>` (watched,
 * so a switch of language re-draws the lists and asks the server again for its messages). Each
 * tab shows one keyset page and a "show more" button while the server gives a nextCursor.
 *
 * Everything from the server goes in with textContent, never innerHTML. Written as a string:
 * no backticks and no dollar-brace inside; backslashes are doubled.
 */
export const UPLOAD_PAGE_LISTS_SCRIPT = `
(() => {
  'use strict';
  const T = ${JSON.stringify(UPLOAD_PAGE_LISTS_TEXT).replace(/</g, '\\u003c')};
  const $ = (id) => document.getElementById(id);
  const el = (tag, props, ...children) => { const e = document.createElement(tag); Object.assign(e, props || {}); for (const c of children) e.append(c); return e; };
  const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'ja');
  const t = () => T[lang()];
  const pick = (key) => key.split('.').reduce((o, k) => (o ? o[k] : undefined), t());
  const fill = (text, params) => String(text).replace(/\\{(\\w+)\\}/g, (_, k) => (params[k] == null ? '' : String(params[k])));
  const token = () => { try { return localStorage.getItem('packreg.token'); } catch { return null; } };
  const tokyo = (iso) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
  const badge = (status) => el('span', { className: 'status ' + status, textContent: pick('status.' + status) || status });

  /** One list: its route, how it reads its filters, its columns and rows, and what it has shown. */
  function makeList(id, route, filters, columns, row) {
    const state = { pages: [], query: null, problem: null, loaded: false, seq: 0 };
    async function load(more) {
      // Only the newest request draws: an older answer arriving late (a reload on a language
      // switch, a search typed meanwhile) must not replace what was asked after it.
      const mine = ++state.seq;
      const stale = () => mine !== state.seq;
      if (!token()) { state.problem = { message: t().noToken }; state.pages = []; draw(); return; }
      if (!more) state.query = filters();
      const params = new URLSearchParams(state.query);
      const last = state.pages[state.pages.length - 1];
      if (more && last && last.nextCursor) params.set('cursor', last.nextCursor);
      params.set('lang', lang());
      let res;
      try { res = await fetch(route + '?' + params.toString(), { headers: { Authorization: 'Bearer ' + token() } }); }
      catch { if (!stale()) { state.problem = { message: t().network }; draw(); } return; }
      const body = await res.json().catch(() => null);
      if (stale()) return;
      if (!res.ok) { state.problem = (body && body.error) || { code: String(res.status), message: '' }; draw(); return; }
      state.problem = null; state.loaded = true;
      state.pages = more ? state.pages.concat([body]) : [body];
      draw();
    }
    function draw() {
      const box = $(id);
      const items = state.pages.flatMap((p) => p.items);
      const parts = [];
      if (state.problem) {
        const alert = el('div', { className: 'error' });
        alert.setAttribute('role', 'alert');
        if (state.problem.code) alert.append(el('code', { textContent: state.problem.code }), ' ');
        alert.append(state.problem.message);
        parts.push(alert);
      } else if (state.loaded && items.length === 0) {
        parts.push(el('p', { className: 'muted', textContent: t().none }));
      } else if (items.length > 0) {
        const head = el('tr', {}, ...columns.map((c) => el('th', { scope: 'col', textContent: t()[c] })));
        const body = el('tbody', {}, ...items.map((item) => el('tr', {}, ...row(item).map((cell) => el('td', {}, cell)))));
        parts.push(el('table', {}, el('thead', {}, head), body));
        const last = state.pages[state.pages.length - 1];
        if (last && last.nextCursor) {
          const more = el('button', { type: 'button', className: 'secondary more', textContent: t().more });
          more.onclick = () => load(true);
          parts.push(more);
        }
      }
      box.replaceChildren(...parts);
    }
    return { load, draw, relang: () => (state.loaded || state.problem ? load(false) : draw()) };
  }

  const value = (id) => $(id).value.trim();
  const only = (pairs) => pairs.filter(([, v]) => v !== '');

  const contracts = makeList('contract-list', '/v1/contracts',
    () => only([['q', value('contract-q')], ['status', value('contract-status')]]),
    ['colSupportId', 'colCustomer', 'colSystem', 'colStatus', 'colRecipients'],
    (c) => [c.supportId, c.customerName, c.systemName, badge(c.status),
      c.labelRecipients.map((r) => r.userId + ' ' + r.name + ' (' + pick('role.' + r.role) + ')').join(', ')]);

  const applications = makeList('application-list', '/v1/applications',
    () => only([['status', value('application-status')], ['supportId', value('application-support-id')], ['since', value('application-since')], ['until', value('application-until')]]),
    ['colReceipt', 'colSupportId', 'colCustomer', 'colStatus', 'colCounts', 'colReceived'],
    (a) => [a.receiptNo, a.supportId, a.customerName, badge(a.status),
      String(a.counts.registrations) + (a.counts.released ? ' / ' + fill(t().released, { n: a.counts.released }) : ''), tokyo(a.receivedAt)]);

  const registrations = makeList('application-list', '/v1/registrations',
    () => only([['serial', value('application-serial')]]),
    ['colSerial', 'colReceipt', 'colSupportId', 'colStatus', 'colPeriod', 'colReceived'],
    (r) => [r.serial + ' ' + r.packModel, r.receiptNo, r.supportId, badge(r.status), r.serviceStart + ' – ' + r.serviceEnd, tokyo(r.registeredAt)]);

  const imports = makeList('import-list', '/v1/imports',
    () => only([['status', value('import-status')]]),
    ['colCreated', 'colFile', 'colSource', 'colStatus', 'colSummary', 'colReports'],
    (i) => [tokyo(i.createdAt), i.fileName, pick('source.' + i.source) || i.source,
      el('span', {}, badge(i.status), i.dryRun ? ' ' + t().dryRun : ''),
      i.summary ? fill(t().rows, i.summary) : (i.error ? i.error.code + ': ' + i.error.message : ''),
      el('span', {}, ...[['reportXlsx', 'XLSX'], ['reportCsv', 'CSV'], ['reportJson', 'JSON'], ['rejects', 'rejects.xlsx']]
        .filter(([k]) => i.links[k]).map(([k, label]) => { const b = el('button', { type: 'button', className: 'secondary', textContent: label }); b.onclick = () => save(i.links[k]); return b; }),
        ...(i.status === 'queued' || i.status === 'running' ? [cancelButton(i.id)] : []))]);

  /** Cancels import id: the page's cancel part (uploadPageCancelScript) answers a click on it. */
  function cancelButton(id) {
    const b = el('button', { type: 'button', className: 'secondary', textContent: t().cancel });
    b.dataset.cancelImport = id;
    return b;
  }

  /** A report: fetched with the token (a plain link could not send it), saved under the server's name. */
  async function save(path) {
    const res = await fetch(path + '?lang=' + lang(), { headers: { Authorization: 'Bearer ' + token() } }).catch(() => null);
    if (!res || !res.ok) return;
    const cd = res.headers.get('content-disposition') || '';
    const star = /filename\\*=UTF-8''([^;]+)/i.exec(cd);
    const url = URL.createObjectURL(await res.blob());
    const a = el('a', { href: url, download: star ? decodeURIComponent(star[1]) : path.split('/').pop() });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  let applicationView = applications;
  const tabs = { contracts: contracts, applications: null, imports: imports };
  function draw() {
    for (const node of document.querySelectorAll('[data-l]')) node.textContent = pick(node.dataset.l) || '';
  }
  function select(name) {
    for (const key of Object.keys(tabs)) {
      const tab = $('tab-' + key);
      tab.setAttribute('aria-selected', String(key === name));
      tab.tabIndex = key === name ? 0 : -1;
      $('panel-' + key).hidden = key !== name;
    }
    if (name === 'imports') imports.load(false);
    if (name === 'applications') { applicationView = value('application-serial') ? registrations : applications; applicationView.load(false); }
  }
  for (const key of Object.keys(tabs)) {
    const tab = $('tab-' + key);
    tab.onclick = () => select(key);
    tab.onkeydown = (e) => {
      const keys = Object.keys(tabs);
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = keys[(keys.indexOf(key) + step + keys.length) % keys.length];
      select(next); $('tab-' + next).focus();
    };
  }
  $('contract-form').onsubmit = (e) => { e.preventDefault(); contracts.load(false); };
  $('application-form').onsubmit = (e) => { e.preventDefault(); applicationView = value('application-serial') ? registrations : applications; applicationView.load(false); };
  $('import-form').onsubmit = (e) => { e.preventDefault(); imports.load(false); };
  new MutationObserver(() => { draw(); contracts.relang(); applicationView.relang(); imports.relang(); })
    .observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  draw();
})();
`;
