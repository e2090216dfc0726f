import { createHash } from 'node:crypto';

/**
 * The upload page at `/` (SPEC §7): plain HTML, one inline style and one inline script, no
 * framework and no outside requests. A reseller enters the token once (kept in localStorage),
 * drops or picks a file, and watches it go through; the results table lists rejected rows first,
 * with download buttons for every report. Japanese by default, English on the toggle.
 *
 * Everything that came from a file or the server is put on the page with textContent, never
 * innerHTML: cell values and file names are the reseller's data, not markup.
 */
const STYLE = `
:root { --ink:#1f2933; --muted:#616e7c; --line:#d9e2ec; --accent:#0b5cad; --bad:#c62828; --badbg:#fdecea; --warn:#8a5a00; --warnbg:#fff4d6; --ok:#1b6e3a; --okbg:#e6f4ea; }
* { box-sizing: border-box; }
body { margin:0; font-family: system-ui, "Hiragino Kaku Gothic ProN", "Noto Sans JP", Meiryo, sans-serif; color:var(--ink); background:#f5f7fa; }
header { background:#fff; border-bottom:1px solid var(--line); padding:12px 24px; display:flex; align-items:center; gap:16px; }
header h1 { font-size:18px; margin:0; flex:1; }
main { max-width:1100px; margin:24px auto; padding:0 24px; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px 20px; margin-bottom:16px; }
h2 { font-size:16px; margin:0 0 12px; }
button, .button { font:inherit; padding:8px 16px; border-radius:6px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; }
button.secondary { background:#fff; color:var(--accent); }
button:disabled { opacity:.5; cursor:default; }
.lang button { padding:4px 10px; }
.lang button[aria-pressed="true"] { background:var(--accent); color:#fff; }
.lang button[aria-pressed="false"] { background:#fff; color:var(--accent); }
input[type=password], input[type=text] { font:inherit; padding:8px; border:1px solid var(--line); border-radius:6px; width:min(520px, 100%); }
#drop { border:2px dashed var(--line); border-radius:8px; padding:28px; text-align:center; color:var(--muted); cursor:pointer; }
#drop.over { border-color:var(--accent); background:#eef5fc; }
#drop strong { color:var(--ink); }
.row { display:flex; gap:16px; align-items:center; flex-wrap:wrap; margin-top:12px; }
.muted { color:var(--muted); font-size:14px; }
.error { color:var(--bad); background:var(--badbg); padding:8px 12px; border-radius:6px; margin-top:12px; }
.steps { display:flex; gap:8px; list-style:none; padding:0; margin:0 0 8px; }
.steps li { flex:1; padding:6px 8px; border-radius:6px; background:#edf0f3; color:var(--muted); font-size:14px; text-align:center; }
.steps li.done { background:var(--okbg); color:var(--ok); }
.steps li.now { background:var(--accent); color:#fff; }
progress { width:100%; height:10px; }
.counts { display:flex; gap:12px; flex-wrap:wrap; margin:8px 0 12px; }
.count { border:1px solid var(--line); border-radius:6px; padding:6px 12px; min-width:110px; }
.count b { display:block; font-size:20px; }
.count.bad b { color:var(--bad); } .count.ok b { color:var(--ok); } .count.warn b { color:var(--warn); }
.downloads { display:flex; gap:8px; flex-wrap:wrap; margin-bottom:12px; }
table { border-collapse:collapse; width:100%; font-size:14px; }
th, td { border-bottom:1px solid var(--line); padding:6px 8px; text-align:left; vertical-align:top; }
th { background:#f0f4f8; position:sticky; top:0; }
td.num { text-align:right; width:60px; }
.status { display:inline-block; padding:2px 8px; border-radius:10px; font-size:13px; white-space:nowrap; }
.status.rejected { background:var(--badbg); color:var(--bad); }
.status.held, .status.pending_review { background:var(--warnbg); color:var(--warn); }
.status.registered, .status.valid, .status.already_registered { background:var(--okbg); color:var(--ok); }
td.msg div + div { margin-top:4px; }
td.msg .warning { color:var(--warn); }
[hidden] { display:none !important; }
`;

const SCRIPT = `
(() => {
  const T = {
    ja: {
      title: 'サポートパック一括登録', tokenTitle: '1. API トークン', tokenHelp: '販売店用のトークンを貼り付けてください(このブラウザに保存されます)。',
      save: '保存', change: 'トークンを変更', tokenSaved: 'トークン保存済み', fileTitle: '2. ファイルを選んで取込',
      drop: 'ここに CSV または Excel ファイルをドラッグ&ドロップ', or: 'または', pick: 'ファイルを選択', dryRun: '試行のみ(登録しないで検証だけ行う)',
      start: '取込開始', template: 'テンプレート(Excel)をダウンロード', progressTitle: '3. 進行状況', resultTitle: '4. 結果',
      steps: ['受付', '読込', '検証', '登録', '完了'], rows: '行を読込', apps: '件の申込を登録',
      counts: { rows: '全行', registered: '登録完了', pending_review: '登録確認中', already_registered: '登録済み', rejected: 'エラー', held: '保留', valid: '検証OK' },
      status: { registered: '登録完了', pending_review: '登録確認中', already_registered: '登録済み(前回登録)', rejected: 'エラー', held: '保留', valid: '検証OK(未登録)' },
      head: ['行', '結果', '受付番号', 'メッセージ'], dl: { json: '結果 (JSON)', csv: '結果 (CSV)', xlsx: '結果 (Excel)', rejects: 'エラー行を修正用にダウンロード (Excel)' },
      failed: 'ファイルを取り込めませんでした', noToken: '先に API トークンを保存してください。', noFile: 'ファイルを選んでください。',
      shown: (n, all) => 'エラー行を先頭に ' + n + ' 行を表示(全 ' + all + ' 行。すべての行は結果ファイルで確認できます)', dryNote: '試行のため、何も登録していません。', another: '別のファイルを取り込む',
    },
    en: {
      title: 'Support pack bulk registration', tokenTitle: '1. API token', tokenHelp: 'Paste your reseller token (it is kept in this browser).',
      save: 'Save', change: 'Change token', tokenSaved: 'Token saved', fileTitle: '2. Choose a file and import',
      drop: 'Drag and drop a CSV or Excel file here', or: 'or', pick: 'Choose a file', dryRun: 'Dry run (check only, register nothing)',
      start: 'Start import', template: 'Download the template (Excel)', progressTitle: '3. Progress', resultTitle: '4. Results',
      steps: ['Queued', 'Reading', 'Checking', 'Registering', 'Done'], rows: 'rows read', apps: 'applications registered',
      counts: { rows: 'Rows', registered: 'Registered', pending_review: 'Pending review', already_registered: 'Already registered', rejected: 'Rejected', held: 'Held', valid: 'Valid' },
      status: { registered: 'Registered', pending_review: 'Pending review', already_registered: 'Already registered', rejected: 'Rejected', held: 'Held', valid: 'Valid (dry run)' },
      head: ['Row', 'Result', 'Receipt no.', 'Messages'], dl: { json: 'Report (JSON)', csv: 'Report (CSV)', xlsx: 'Report (Excel)', rejects: 'Rows to fix (Excel)' },
      failed: 'The file could not be imported', noToken: 'Save your API token first.', noFile: 'Choose a file first.',
      shown: (n, all) => 'Showing ' + n + ' of ' + all + ' rows, rejected first (the report files have every row).', dryNote: 'Dry run: nothing was registered.', another: 'Import another file',
    },
  };
  const $ = (id) => document.getElementById(id);
  const store = { get: (k) => { try { return localStorage.getItem(k); } catch { return null; } }, set: (k, v) => { try { v === null ? localStorage.removeItem(k) : localStorage.setItem(k, v); } catch {} } };
  let lang = store.get('packreg.lang') === 'en' ? 'en' : 'ja';
  let file = null, importId = null, lastStatus = null, report = null, timer = null;
  const MAX_ROWS_SHOWN = 2000;
  const ORDER = { rejected: 0, held: 1, pending_review: 2, valid: 3, registered: 4, already_registered: 5 };

  const el = (tag, props, ...children) => { const e = document.createElement(tag); Object.assign(e, props || {}); for (const c of children) e.append(c); return e; };
  const token = () => store.get('packreg.token');
  const api = (path) => path + (path.includes('?') ? '&' : '?') + 'lang=' + lang;
  const headers = () => ({ Authorization: 'Bearer ' + token() });
  const showError = (where, message) => { const box = $(where); box.textContent = message || ''; box.hidden = !message; };
  const errorText = async (res) => { try { const body = await res.json(); return body.error ? body.error.message : res.statusText; } catch { return res.status + ' ' + res.statusText; } };

  function render() {
    const t = T[lang];
    document.documentElement.lang = lang;
    document.title = t.title;
    for (const node of document.querySelectorAll('[data-t]')) node.textContent = t[node.dataset.t];
    $('lang-ja').setAttribute('aria-pressed', String(lang === 'ja'));
    $('lang-en').setAttribute('aria-pressed', String(lang === 'en'));
    const has = Boolean(token());
    $('token-form').hidden = has;
    $('token-saved').hidden = !has;
    $('file-name').textContent = file ? file.name + ' (' + Math.max(1, Math.round(file.size / 1024)) + ' KB)' : '';
    $('start').disabled = !file || !has;
    if (lastStatus) renderProgress(lastStatus);
    if (report) renderResults();
  }

  function setLang(next) { lang = next; store.set('packreg.lang', lang); render(); if (importId && lastStatus && lastStatus.status === 'finished') loadReport(); }

  function renderProgress(s) {
    const t = T[lang];
    const phase = s.progress && s.progress.phase;
    const at = s.status === 'queued' ? 0 : s.status === 'finished' ? 4 : phase === 'committing' ? 3 : phase === 'checking' ? 2 : 1;
    const list = $('steps');
    list.replaceChildren(...t.steps.map((name, i) => el('li', { className: i < at || s.status === 'finished' ? 'done' : i === at ? 'now' : '', textContent: name })));
    const bar = $('bar');
    if (s.status === 'finished' || s.status === 'failed') { bar.max = 1; bar.value = 1; } else { bar.removeAttribute('value'); }
    const p = s.progress || {};
    $('progress-text').textContent = (s.fileName || '') + ' — ' + (p.rowsRead || 0) + ' ' + t.rows + (p.applicationsCommitted ? ', ' + p.applicationsCommitted + ' ' + t.apps : '');
    showError('progress-error', s.status === 'failed' && s.error ? t.failed + ': ' + s.error.message + ' [' + s.error.code + ']' : '');
  }

  async function upload() {
    const t = T[lang];
    showError('upload-error', '');
    if (!token()) return showError('upload-error', t.noToken);
    if (!file) return showError('upload-error', t.noFile);
    $('start').disabled = true;
    report = null; lastStatus = null; $('results').hidden = true;
    const form = new FormData();
    form.append('file', file, file.name);
    const query = '/v1/imports?dryRun=' + ($('dry-run').checked ? 'true' : 'false');
    let res;
    try { res = await fetch(api(query), { method: 'POST', headers: headers(), body: form }); }
    catch (e) { $('start').disabled = false; return showError('upload-error', String(e)); }
    if (res.status === 401) { store.set('packreg.token', null); render(); }
    if (res.status !== 202) { $('start').disabled = false; return showError('upload-error', await errorText(res)); }
    importId = (await res.json()).id;
    $('progress').hidden = false;
    poll();
  }

  async function poll() {
    clearTimeout(timer);
    const res = await fetch(api('/v1/imports/' + importId), { headers: headers() }).catch(() => null);
    if (!res || !res.ok) { timer = setTimeout(poll, 2000); return; }
    lastStatus = await res.json();
    renderProgress(lastStatus);
    if (lastStatus.status === 'finished') { await loadReport(); $('start').disabled = !file; }
    else if (lastStatus.status === 'failed') { $('start').disabled = !file; }
    else timer = setTimeout(poll, 700);
  }

  async function loadReport() {
    const res = await fetch(api('/v1/imports/' + importId + '/report.json'), { headers: headers() });
    if (!res.ok) return showError('progress-error', await errorText(res));
    report = await res.json();
    renderResults();
  }

  function renderResults() {
    const t = T[lang];
    const s = report.summary;
    $('results').hidden = false;
    const kinds = report.dryRun ? ['rows', 'valid', 'already_registered', 'rejected'] : ['rows', 'registered', 'pending_review', 'already_registered', 'rejected', 'held'];
    const tone = { rejected: 'bad', held: 'warn', pending_review: 'warn', registered: 'ok', valid: 'ok' };
    $('counts').replaceChildren(...kinds.map((k) => el('div', { className: 'count ' + (s[k] ? tone[k] || '' : '') }, el('b', { textContent: String(s[k] || 0) }), t.counts[k])));
    $('dry-note').hidden = !report.dryRun;
    const downloads = ['json', 'csv', 'xlsx'].map((f) => el('button', { className: 'secondary', textContent: t.dl[f], onclick: () => download('report.' + f) }));
    if (s.rejected + s.held > 0) downloads.push(el('button', { textContent: t.dl.rejects, onclick: () => download('rejects.xlsx'), id: 'dl-rejects' }));
    downloads.forEach((b, i) => { if (!b.id) b.id = 'dl-' + ['json', 'csv', 'xlsx'][i]; });
    $('downloads').replaceChildren(...downloads);
    const rows = [...report.rows].sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || a.row - b.row).slice(0, MAX_ROWS_SHOWN);
    $('result-head').replaceChildren(...t.head.map((h) => el('th', { textContent: h })));
    $('result-body').replaceChildren(...rows.map((r) => el('tr', { className: r.status },
      el('td', { className: 'num', textContent: String(r.row) }),
      el('td', {}, el('span', { className: 'status ' + r.status, textContent: t.status[r.status] || r.status })),
      el('td', { textContent: r.receiptNo || '' }),
      el('td', { className: 'msg' }, ...r.errors.map((m) => el('div', { textContent: m.message + ' [' + m.code + ']' })), ...r.warnings.map((m) => el('div', { className: 'warning', textContent: m.message + ' [' + m.code + ']' }))),
    )));
    $('shown').textContent = t.shown(rows.length, report.rows.length);
  }

  async function download(what) {
    const res = await fetch(api('/v1/imports/' + importId + '/' + what), { headers: headers() });
    if (!res.ok) return showError('progress-error', await errorText(res));
    saveBlob(await res.blob(), fileNameOf(res, what));
  }
  async function downloadTemplate() {
    if (!token()) return showError('upload-error', T[lang].noToken);
    const res = await fetch(api('/v1/template.xlsx'), { headers: headers() });
    if (!res.ok) return showError('upload-error', await errorText(res));
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

  function choose(f) { file = f || null; showError('upload-error', ''); render(); }

  $('lang-ja').onclick = () => setLang('ja');
  $('lang-en').onclick = () => setLang('en');
  $('token-form').onsubmit = (e) => { e.preventDefault(); const v = $('token').value.trim(); if (v) { store.set('packreg.token', v); $('token').value = ''; } render(); };
  $('change-token').onclick = () => { store.set('packreg.token', null); render(); $('token').focus(); };
  $('template').onclick = downloadTemplate;
  $('pick').onclick = () => $('file').click();
  $('file').onchange = () => choose($('file').files[0]);
  const drop = $('drop');
  drop.onclick = (e) => { if (e.target === drop) $('file').click(); };
  drop.ondragover = (e) => { e.preventDefault(); drop.classList.add('over'); };
  drop.ondragleave = () => drop.classList.remove('over');
  drop.ondrop = (e) => { e.preventDefault(); drop.classList.remove('over'); choose(e.dataTransfer.files[0]); };
  $('start').onclick = upload;
  render();
})();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The page's Content-Security-Policy: only this page's own script and style (by hash), requests
 * only to this origin, no framing. A value injected into the page could not run.
 */
export const UPLOAD_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
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
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1 data-t="title">サポートパック一括登録</h1>
  <div class="lang" role="group" aria-label="language"><button id="lang-ja" type="button">日本語</button> <button id="lang-en" type="button">English</button></div>
</header>
<main>
  <section>
    <h2 data-t="tokenTitle"></h2>
    <form id="token-form">
      <p class="muted" data-t="tokenHelp"></p>
      <div class="row"><input id="token" type="password" autocomplete="off" spellcheck="false" aria-label="API token"><button type="submit" data-t="save"></button></div>
    </form>
    <div id="token-saved" class="row" hidden><span>✔ <span data-t="tokenSaved"></span></span><button id="change-token" type="button" class="secondary" data-t="change"></button></div>
  </section>
  <section>
    <h2 data-t="fileTitle"></h2>
    <div id="drop"><strong data-t="drop"></strong><br><span class="muted" data-t="or"></span><br><button id="pick" type="button" class="secondary" data-t="pick"></button>
      <input id="file" type="file" accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" hidden></div>
    <div class="row"><span id="file-name"></span></div>
    <div class="row">
      <label><input id="dry-run" type="checkbox"> <span data-t="dryRun"></span></label>
    </div>
    <div class="row"><button id="start" type="button" data-t="start" disabled></button><button id="template" type="button" class="secondary" data-t="template"></button></div>
    <div id="upload-error" class="error" role="alert" hidden></div>
  </section>
  <section id="progress" hidden>
    <h2 data-t="progressTitle"></h2>
    <ol id="steps" class="steps"></ol>
    <progress id="bar"></progress>
    <p id="progress-text" class="muted"></p>
    <div id="progress-error" class="error" role="alert" hidden></div>
  </section>
  <section id="results" hidden>
    <h2 data-t="resultTitle"></h2>
    <div id="counts" class="counts"></div>
    <p id="dry-note" class="muted" data-t="dryNote" hidden></p>
    <div id="downloads" class="downloads"></div>
    <p id="shown" class="muted"></p>
    <table><thead><tr id="result-head"></tr></thead><tbody id="result-body"></tbody></table>
  </section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
