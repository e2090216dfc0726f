import { UPLOAD_PAGE_TEXT } from './uploadPageText.js';

/**
 * The upload page's one inline script (no framework; allowed by its hash in UPLOAD_PAGE_CSP, so
 * it is built once, never per request). What it keeps in mind: the language, the token (in
 * localStorage), the chosen file, the running import, its last status and report, and one
 * problem per area (token, upload, progress). `render()` draws all of it in the current language;
 * a switch of language re-renders the page's own texts at once and asks the server again for its
 * messages (status error, row messages, file warnings) in that language.
 *
 * Everything that came from a file or the server goes in with textContent, never innerHTML: cell
 * values, file names and messages are data, not markup. Written as a string (the project has no
 * DOM types): no backticks and no `${` inside; backslashes are doubled.
 */
export const UPLOAD_PAGE_SCRIPT = `
(() => {
  'use strict';
  const T = ${JSON.stringify(UPLOAD_PAGE_TEXT).replace(/</g, '\\u003c')};
  const MAX_ROWS_SHOWN = 2000;
  const ORDER = { rejected: 0, held: 1, pending_review: 2, valid: 3, registered: 4, already_registered: 5 };
  const ATOMICITY = { row: 'atomicityRow', application: 'atomicityApplication', file: 'atomicityFile' };
  /** Problems the page itself names (no server code to show beside them). */
  const LOCAL = { NETWORK: true, NO_TOKEN: true };

  const $ = (id) => document.getElementById(id);
  const store = { get: (k) => { try { return localStorage.getItem(k); } catch { return null; } }, set: (k, v) => { try { v === null ? localStorage.removeItem(k) : localStorage.setItem(k, v); } catch {} } };
  const el = (tag, props, ...children) => { const e = document.createElement(tag); Object.assign(e, props || {}); for (const c of children) e.append(c); return e; };

  let lang = store.get('packreg.lang') === 'en' ? 'en' : 'ja';
  let file = null, busy = false, importId = null, status = null, report = null, timer = null, focusToken = false;
  const problems = { token: null, upload: null, progress: null };

  const token = () => store.get('packreg.token');
  const api = (path) => path + (path.includes('?') ? '&' : '?') + 'lang=' + lang;
  const fill = (text, params) => text.replace(/\\{(\\w+)\\}/g, (_, k) => (params && params[k] != null ? String(params[k]) : ''));
  const terminal = (s) => Boolean(s) && (s.status === 'finished' || s.status === 'failed' || s.status === 'cancelled');
  const sizeOf = (bytes) => (bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB');
  const later = (ms) => { clearTimeout(timer); timer = setTimeout(poll, ms); };

  /** The page's own text: the parts between backticks become <code> elements (no markup parsed). */
  function rich(node, text) {
    node.replaceChildren(...String(text).split('\\u0060').map((part, i) => (i % 2 ? el('code', { textContent: part }) : document.createTextNode(part))));
  }

  function render() {
    const t = T[lang];
    // Only a real switch: the other page parts watch this attribute and redraw (the lists fetch again).
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
    document.title = t.title;
    for (const node of document.querySelectorAll('[data-t]')) rich(node, t[node.dataset.t]);
    for (const node of document.querySelectorAll('[data-t-label]')) node.setAttribute('aria-label', t[node.dataset.tLabel]);
    $('lang-ja').setAttribute('aria-pressed', String(lang === 'ja'));
    $('lang-en').setAttribute('aria-pressed', String(lang === 'en'));
    const has = Boolean(token());
    $('token-form').hidden = has;
    $('token-saved').hidden = !has;
    $('file-name').textContent = file ? file.name + ' (' + sizeOf(file.size) + ')' : '';
    const reason = busy ? 'running' : !has ? 'noToken' : !file ? 'noFile' : '';
    $('start').disabled = Boolean(reason);
    $('start-reason').textContent = reason ? t.reason[reason] : '';
    $('start-reason').hidden = !reason;
    for (const where of ['token', 'upload', 'progress']) showProblem(where);
    $('progress').hidden = !importId && !busy;
    if (status || busy) renderProgress(status || { status: 'uploading', fileName: file ? file.name : '', progress: {} });
    $('results').hidden = !report;
    if (report) renderResults();
    if (focusToken && !has) { focusToken = false; $('token').focus(); }
  }

  /** A problem is { code, message?, params?, owned?, failed? }: owned ones are told in the page's words. */
  function showProblem(where) {
    const box = $(where + '-error'), p = problems[where];
    box.hidden = !p;
    if (!p) { box.replaceChildren(); return; }
    const t = T[lang];
    const text = el('span');
    if (p.owned && t.problems[p.code]) rich(text, fill(t.problems[p.code], p.params)); else text.textContent = p.message || p.code;
    const parts = p.failed ? [el('strong', { textContent: t.failed + ': ' }), text] : [text];
    if (!LOCAL[p.code]) parts.push(' ', el('code', { textContent: '[' + p.code + ']' }));
    box.replaceChildren(...parts);
  }

  /** An answer that is not 2xx, as a problem; the page's wording when it has one for the code. */
  async function problemOf(res) {
    let error = null;
    try { error = (await res.json()).error || null; } catch {}
    const code = (error && error.code) || 'HTTP_' + res.status;
    return { code, message: (error && error.message) || res.status + ' ' + res.statusText, owned: code in T.ja.problems,
      params: { seconds: res.headers.get('retry-after') || '60', size: file ? sizeOf(file.size) : '' } };
  }

  /**
   * fetch with the token and the language. 401 means the token is missing, wrong or revoked: it is
   * forgotten, and the token section says so in plain words (and what to do).
   */
  async function call(path, init) {
    let res;
    try { res = await fetch(api(path), Object.assign({ headers: { Authorization: 'Bearer ' + token() } }, init)); }
    catch { return { res: null, problem: { code: 'NETWORK', owned: true } }; }
    if (res.ok) return { res, problem: null };
    const problem = await problemOf(res);
    if (res.status === 401) {
      store.set('packreg.token', null);
      problems.token = problem;
      busy = false; focusToken = true;
      clearTimeout(timer);
    }
    return { res, problem };
  }
  const unauthorized = (res) => Boolean(res) && res.status === 401;

  function setLang(next) {
    if (next === lang) return;
    lang = next;
    store.set('packreg.lang', lang);
    render();
    // Status errors, row messages and file warnings came from the server in the old language.
    if (importId && token()) poll();
  }

  function saveToken() {
    const value = $('token').value.trim();
    if (!value) { $('token').focus(); return; }
    // A header value fetch cannot send is no token (e.g. something else pasted by mistake).
    problems.token = /^[\\x21-\\x7e]+$/.test(value) ? null : { code: 'UNAUTHORIZED', owned: true };
    if (!problems.token) { store.set('packreg.token', value); $('token').value = ''; }
    // A poll stopped by a 401 goes on with the new token.
    if (!problems.token && importId && !terminal(status)) { busy = true; poll(); }
    render();
  }

  async function upload() {
    if (busy || !token() || !file) return;
    busy = true; importId = null; status = null; report = null;
    problems.upload = problems.progress = null;
    render();
    const form = new FormData();
    form.append('file', file, file.name);
    const checked = document.querySelector('input[name=atomicity]:checked');
    const query = new URLSearchParams({ dryRun: String($('dry-run').checked), atomicity: checked ? checked.value : 'application' });
    const { res, problem } = await call('/v1/imports?' + query, { method: 'POST', body: form });
    if (problem) { busy = false; if (!unauthorized(res)) problems.upload = problem; render(); return; }
    importId = (await res.json()).id;
    poll();
  }

  async function poll() {
    const id = importId, asked = lang;
    const { res, problem } = await call('/v1/imports/' + id);
    if (id !== importId) return;
    if (problem) {
      // Passing trouble (network, server, throttling): try again; anything else is shown.
      if (!res || res.status >= 500 || res.status === 429) { later(2000); return; }
      busy = false;
      if (!unauthorized(res)) problems.progress = problem;
      render();
      return;
    }
    const s = await res.json();
    // An answer in a language left since is dropped: the switch asked again.
    if (id !== importId || asked !== lang) return;
    status = s;
    document.dispatchEvent(new CustomEvent('packreg:status', { detail: { importId: id, status: s } }));
    problems.progress = s.status === 'failed' && s.error
      ? { code: s.error.code, message: s.error.message, failed: true, owned: s.error.message === s.error.code }
      : null;
    if (terminal(s)) busy = false; else later(700);
    render();
    // A cancelled import has a report too: which rows were committed before it stopped, which not.
    if (s.status === 'finished' || s.status === 'cancelled') await loadReport();
  }

  async function loadReport() {
    const id = importId, asked = lang;
    const { res, problem } = await call('/v1/imports/' + id + '/report.json');
    if (id !== importId || asked !== lang) return;
    if (problem) { if (!unauthorized(res)) problems.progress = problem; render(); return; }
    const r = await res.json();
    if (id !== importId || asked !== lang) return;
    report = r;
    render();
    // Page parts of their own listen (uploadPagePlanScript: "register exactly this").
    document.dispatchEvent(new CustomEvent('packreg:report', { detail: { importId: id, report: r } }));
  }

  function renderProgress(s) {
    const t = T[lang];
    const phase = s.progress && s.progress.phase;
    // A cancelled import stopped where it got to, like a failed one (its own colour).
    const finished = s.status === 'finished', failed = s.status === 'failed' || s.status === 'cancelled';
    const at = s.status === 'uploading' || s.status === 'queued' ? 0 : finished ? 4 : phase === 'committing' ? 3 : phase === 'checking' ? 2 : 1;
    $('steps').replaceChildren(...t.steps.map((name, i) => {
      const li = el('li', { className: finished || i < at ? 'done' : i === at ? (failed ? 'failed' : 'now') : '', textContent: name });
      if (i === at && !finished) li.setAttribute('aria-current', 'step');
      return li;
    }));
    // A failed import never shows a full bar: red, as far as it got.
    const bar = $('bar');
    bar.className = s.status;
    bar.dataset.state = s.status;
    if (finished) { bar.max = 1; bar.value = 1; }
    else if (failed) { bar.max = t.steps.length - 1; bar.value = at; }
    else bar.removeAttribute('value');
    $('progress-state').className = 'state ' + s.status;
    $('progress-state').textContent = t.state[s.status] || s.status;
    const p = s.progress || {};
    $('progress-text').textContent = '— ' + (s.fileName || '') + ' — ' + fill(t.rows, { n: p.rowsRead || 0 })
      + (p.applicationsCommitted ? ', ' + fill(t.apps, { n: p.applicationsCommitted }) : '');
  }

  function renderResults() {
    const t = T[lang];
    const s = report.summary;
    const kinds = report.dryRun ? ['rows', 'valid', 'already_registered', 'rejected'] : ['rows', 'registered', 'pending_review', 'already_registered', 'rejected', 'held'];
    const tone = { rejected: 'bad', held: 'warn', pending_review: 'warn', registered: 'ok', valid: 'ok' };
    $('counts').replaceChildren(...kinds.map((k) => el('div', { className: 'count ' + (s[k] ? tone[k] || '' : '') }, el('b', { textContent: String(s[k] || 0) }), t.counts[k])));
    $('dry-note').hidden = !report.dryRun;
    $('result-atomicity').hidden = report.dryRun || !ATOMICITY[report.atomicity];
    $('result-atomicity').textContent = ATOMICITY[report.atomicity] ? fill(t.resultAtomicity, { name: t[ATOMICITY[report.atomicity]] }) : '';
    const warnings = report.fileWarnings || [];
    $('file-warnings').hidden = warnings.length === 0;
    $('file-warnings').replaceChildren(el('strong', { textContent: t.fileWarnings }), el('ul', {}, ...warnings.map((w) => el('li', { textContent: w.message + ' [' + w.code + ']' }))));
    const downloads = ['json', 'csv', 'xlsx'].map((f) => el('button', { id: 'dl-' + f, className: 'secondary', textContent: t.dl[f], onclick: () => download('report.' + f) }));
    if (s.rejected + s.held > 0) downloads.push(el('button', { id: 'dl-rejects', textContent: t.dl.rejects, onclick: () => download('rejects.xlsx') }));
    $('downloads').replaceChildren(...downloads);
    const rows = [...report.rows].sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || a.row - b.row).slice(0, MAX_ROWS_SHOWN);
    $('result-head').replaceChildren(...t.head.map((h) => el('th', { textContent: h, scope: 'col' })));
    $('result-body').replaceChildren(...rows.map((r) => el('tr', { className: r.status },
      el('td', { className: 'num', textContent: String(r.row) }),
      el('td', {}, el('span', { className: 'status ' + r.status, textContent: t.status[r.status] || r.status })),
      el('td', { textContent: r.receiptNo || '' }),
      el('td', { className: 'msg' }, ...r.errors.map((m) => el('div', { textContent: m.message + ' [' + m.code + ']' })), ...r.warnings.map((m) => el('div', { className: 'warning', textContent: m.message + ' [' + m.code + ']' }))),
    )));
    $('shown').textContent = fill(t.shown, { n: rows.length, all: report.rows.length });
  }

  async function download(what) {
    const { res, problem } = await call('/v1/imports/' + importId + '/' + what);
    if (problem) { if (!unauthorized(res)) problems.progress = problem; render(); return; }
    saveBlob(await res.blob(), fileNameOf(res, what));
  }
  async function downloadTemplate() {
    problems.upload = token() ? null : { code: 'NO_TOKEN', owned: true };
    if (problems.upload) { render(); return; }
    const { res, problem } = await call('/v1/template.xlsx');
    if (problem) { if (!unauthorized(res)) problems.upload = problem; render(); return; }
    render();
    saveBlob(await res.blob(), fileNameOf(res, 'template.xlsx'));
  }
  function fileNameOf(res, fallback) {
    const cd = res.headers.get('content-disposition') || '';
    const star = /filename\\*=UTF-8''([^;]+)/i.exec(cd);
    if (star) { try { return decodeURIComponent(star[1]); } catch {} }
    const plain = /filename="([^"]+)"/i.exec(cd);
    return plain ? plain[1] : fallback;
  }
  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function choose(f) { file = f || null; problems.upload = null; render(); }

  $('lang-ja').onclick = () => setLang('ja');
  $('lang-en').onclick = () => setLang('en');
  $('token-form').onsubmit = (e) => { e.preventDefault(); saveToken(); };
  $('change-token').onclick = () => { store.set('packreg.token', null); problems.token = null; focusToken = true; render(); };
  $('template').onclick = downloadTemplate;
  $('pick').onclick = () => $('file').click();
  $('file').onchange = () => choose($('file').files[0]);
  const drop = $('drop');
  drop.onclick = (e) => { if (e.target === drop) $('file').click(); };
  drop.ondragover = (e) => { e.preventDefault(); drop.classList.add('over'); };
  drop.ondragleave = () => drop.classList.remove('over');
  drop.ondrop = (e) => { e.preventDefault(); drop.classList.remove('over'); choose(e.dataTransfer.files[0]); };
  $('start').onclick = upload;
  // Another page part starts an import (a plan's commit): follow it like an upload.
  document.addEventListener('packreg:track', (e) => {
    importId = e.detail.id; busy = true; status = null; report = null;
    problems.upload = problems.progress = null;
    render(); poll();
  });
  render();
})();
`;
