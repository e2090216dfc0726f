/**
 * The upload page's settings part (issue 20 items 5 and 8): the reseller's saved header mapping
 * (`GET/PUT /v1/mapping`) and its webhook (`GET/PUT /v1/webhook`, `GET /v1/webhook/deliveries`).
 * Its own markup, texts and script, kept apart from the upload part's files; the script reads the
 * token the upload part keeps (localStorage `packreg.token`) and follows the page's language
 * (the `lang` of <html>). Values from the server go in with textContent, never innerHTML.
 */
const TEXT = {
  ja: {
    title: '販売店の設定', mappingTitle: '見出しの対応(保存すると以後のファイルはそのまま取り込めます)',
    mappingHelp: '1 行に「見出し=項目キー」(例: S/N=pack_serial)。項目キー: support_id, pack_model, pack_serial, product_model, product_serial, service_start, service_end, site_name, site_postal_code, site_address, site_building, site_phone, options, label_recipient, remarks',
    load: '読み込む', save: '保存', saved: '保存しました。', webhookTitle: 'Webhook(取込の完了・失敗を通知)',
    webhookHelp: 'http:// または https:// の URL。署名の検証方法は docs/webhooks.md を参照。', newSecret: '新しいシークレットを作る',
    secret: '署名用シークレット(この 1 回だけ表示されます):', deliveries: '送信履歴', noToken: '先に API トークンを保存してください。',
    none: '(なし)',
  },
  en: {
    title: 'Reseller settings', mappingTitle: 'Header mapping (saved once, later files import as they are)',
    mappingHelp: 'One HEADER=key per line (e.g. S/N=pack_serial). Keys: support_id, pack_model, pack_serial, product_model, product_serial, service_start, service_end, site_name, site_postal_code, site_address, site_building, site_phone, options, label_recipient, remarks',
    load: 'Load', save: 'Save', saved: 'Saved.', webhookTitle: 'Webhook (told when an import finishes or fails)',
    webhookHelp: 'An http:// or https:// URL. docs/webhooks.md says how to verify the signature.', newSecret: 'Generate a new secret',
    secret: 'Signing secret (shown only this once):', deliveries: 'Deliveries', noToken: 'Save your API token first.',
    none: '(none)',
  },
} as const;

export const UPLOAD_PAGE_SETTINGS_BODY = `
<section id="settings" aria-labelledby="settings-title">
  <h2 id="settings-title" data-s="title"></h2>
  <form id="mapping-form">
    <label class="field" for="mapping-text" data-s="mappingTitle"></label>
    <textarea id="mapping-text" rows="4" spellcheck="false" aria-describedby="mapping-help"></textarea>
    <p id="mapping-help" class="muted" data-s="mappingHelp"></p>
    <div class="row"><button id="mapping-load" type="button" class="secondary" data-s="load"></button><button id="mapping-save" type="submit" data-s="save"></button></div>
    <div id="mapping-status" role="status"></div>
  </form>
  <form id="webhook-form">
    <label class="field" for="webhook-url" data-s="webhookTitle"></label>
    <div class="row"><input id="webhook-url" type="url" autocomplete="off" spellcheck="false" aria-describedby="webhook-help"><button id="webhook-save" type="submit" data-s="save"></button></div>
    <label><input id="webhook-rotate" type="checkbox"> <span data-s="newSecret"></span></label>
    <p id="webhook-help" class="muted" data-s="webhookHelp"></p>
    <div id="webhook-status" role="status"></div>
    <p id="webhook-secret" hidden><span data-s="secret"></span> <code id="webhook-secret-value"></code></p>
    <h3 data-s="deliveries"></h3>
    <ul id="webhook-deliveries"></ul>
  </form>
</section>
`;

export const UPLOAD_PAGE_SETTINGS_SCRIPT = `
(() => {
  'use strict';
  const T = ${JSON.stringify(TEXT).replace(/</g, '\\u003c')};
  const $ = (id) => document.getElementById(id);
  const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'ja');
  const token = () => { try { return localStorage.getItem('packreg.token'); } catch { return null; } };
  const say = (id, text, bad) => { const n = $(id); n.textContent = text; n.className = bad ? 'error' : 'muted'; };
  async function call(method, path, body) {
    if (!token()) throw new Error(T[lang()].noToken);
    const res = await fetch(path + '?lang=' + lang(), { method, headers: Object.assign({ authorization: 'Bearer ' + token() }, body ? { 'content-type': 'application/json' } : {}), body: body ? JSON.stringify(body) : undefined });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) { const e = new Error(data.error ? data.error.code + ': ' + data.error.message : String(res.status)); e.status = res.status; throw e; }
    return data;
  }
  function render() { for (const n of document.querySelectorAll('[data-s]')) n.textContent = T[lang()][n.dataset.s]; }
  async function loadMapping() {
    try { const data = await call('GET', '/v1/mapping'); $('mapping-text').value = data.mappings.map((m) => m.header + '=' + m.key).join('\\n'); say('mapping-status', ''); }
    catch (e) { say('mapping-status', e.message, true); }
  }
  async function loadWebhook() {
    try { const data = await call('GET', '/v1/webhook'); $('webhook-url').value = data.url || ''; }
    catch (e) { say('webhook-status', e.message, true); }
    try {
      const page = await call('GET', '/v1/webhook/deliveries');
      const list = $('webhook-deliveries');
      list.replaceChildren(...page.deliveries.map((d) => { const li = document.createElement('li'); li.textContent = d.createdAt + '  ' + d.event + '  ' + d.status + '  (' + d.attempts + ')' + (d.lastError ? '  ' + d.lastError : ''); return li; }));
      if (page.deliveries.length === 0) { const li = document.createElement('li'); li.textContent = T[lang()].none; list.append(li); }
    } catch (e) { /* no token yet: nothing to list */ }
  }
  $('mapping-load').addEventListener('click', loadMapping);
  $('mapping-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const mappings = $('mapping-text').value.split('\\n').map((l) => l.trim()).filter(Boolean).map((l) => { const at = l.lastIndexOf('='); return { header: l.slice(0, at).trim(), key: l.slice(at + 1).trim() }; });
    try { await call('PUT', '/v1/mapping', { mappings }); say('mapping-status', T[lang()].saved); }
    catch (e) { say('mapping-status', e.message, true); }
  });
  $('webhook-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const data = await call('PUT', '/v1/webhook', { url: $('webhook-url').value.trim(), rotateSecret: $('webhook-rotate').checked });
      $('webhook-secret').hidden = !data.secret;
      $('webhook-secret-value').textContent = data.secret || '';
      $('webhook-rotate').checked = false;
      say('webhook-status', T[lang()].saved);
      loadWebhook();
    } catch (e) { say('webhook-status', e.message, true); }
  });
  new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  render();
  if (token()) { loadMapping(); loadWebhook(); }
})();
`;
