import { UPLOAD_PAGE_CANCEL_TEXT } from './uploadPageCancelText.js';

/**
 * The upload page's cancel part (issue 20 item 4), a script of its own beside the page's main one
 * (allowed by its own hash in UPLOAD_PAGE_CSP). It calls `DELETE /v1/imports/:id` from two places:
 *
 * - the progress view: while the import the page follows is queued or running (it listens to the
 *   main script's `packreg:status`), a "cancel this import" button under the status line;
 * - the import history tab: the lists script draws a button with `data-cancel-import="ID"` on
 *   each queued or running import; a click on it anywhere on the page lands here.
 *
 * It says what the server answered: cancelled (a queued import), cancel requested (a running one
 * stops at its next commit group; the main script's polling then shows it cancelled, with the
 * report of which rows were committed), or the server's refusal with its code
 * (IMPORT_NOT_CANCELLABLE when the import finished meanwhile).
 *
 * Like the main script: everything from the server goes in with textContent; written as a string
 * with no backticks and no dollar-brace inside.
 */
export const UPLOAD_PAGE_CANCEL_SCRIPT = `
(() => {
  'use strict';
  const T = ${JSON.stringify(UPLOAD_PAGE_CANCEL_TEXT).replace(/</g, '\\u003c')};
  const el = (tag, props, ...children) => { const e = document.createElement(tag); Object.assign(e, props || {}); for (const c of children) e.append(c); return e; };
  const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'ja');
  const token = () => { try { return localStorage.getItem('packreg.token'); } catch { return null; } };

  /** The import the progress view follows ({ importId, status }), a cancel being asked, and its answer. */
  let current = null, asking = false, outcome = null;

  const box = el('div', { id: 'cancel-box' });
  box.setAttribute('aria-live', 'polite');
  box.hidden = true;
  const place = () => { const p = document.getElementById('progress'); if (p && box.parentNode !== p) p.append(box); };

  /** One cancel: { kind: 'cancelled' | 'cancelling' }, or { kind: 'problem', code, message }. */
  async function cancel(id) {
    let res = null;
    try {
      res = await fetch('/v1/imports/' + encodeURIComponent(id) + '?lang=' + lang(), { method: 'DELETE', headers: { Authorization: 'Bearer ' + token() } });
    } catch { res = null; }
    if (!res) return { kind: 'problem', code: null, message: T[lang()].network };
    const body = await res.json().catch(() => null);
    if (res.ok && body && (body.status === 'cancelled' || body.status === 'cancelling')) return { kind: body.status };
    const error = (body && body.error) || {};
    return { kind: 'problem', code: error.code || 'HTTP_' + res.status, message: error.message || res.status + ' ' + res.statusText };
  }

  /** An answer, in the page's words (or the server's, for a refusal). */
  function said(o, id) {
    if (o.kind !== 'problem') {
      const note = el('p', { className: 'muted cancel-note', textContent: T[lang()][o.kind] });
      if (id) note.id = id;
      note.setAttribute('role', 'status');
      return note;
    }
    const alert = el('div', { className: 'error cancel-note', textContent: o.message });
    if (id) alert.id = id;
    alert.setAttribute('role', 'alert');
    if (o.code) alert.append(' ', el('code', { textContent: '[' + o.code + ']' }));
    return alert;
  }

  function render() {
    place();
    const t = T[lang()];
    const s = current && current.status;
    const open = Boolean(s) && (s.status === 'queued' || s.status === 'running');
    // A cancel asked elsewhere (the history tab, the CLI) shows as requested too.
    const requested = (outcome && outcome.kind === 'cancelling') || (open && s.cancelRequested);
    const parts = [];
    if (open && !requested) {
      const button = el('button', { id: 'cancel', type: 'button', className: 'secondary', textContent: asking ? t.asking : t.cancel, onclick: cancelCurrent });
      button.disabled = asking;
      parts.push(button);
    }
    if (outcome) parts.push(said(outcome, 'cancel-result'));
    else if (requested) parts.push(said({ kind: 'cancelling' }, 'cancel-result'));
    box.replaceChildren(...parts);
    box.hidden = parts.length === 0;
  }

  async function cancelCurrent() {
    if (!current || asking) return;
    const id = current.importId;
    asking = true; outcome = null;
    render();
    const o = await cancel(id);
    asking = false;
    if (current && current.importId === id) outcome = o;
    render();
  }

  document.addEventListener('packreg:status', (e) => {
    if (!current || current.importId !== e.detail.importId) outcome = null;
    current = { importId: e.detail.importId, status: e.detail.status };
    render();
  });
  document.addEventListener('click', async (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-cancel-import]') : null;
    if (!button || button.disabled) return;
    button.disabled = true;
    const id = button.dataset.cancelImport;
    const o = await cancel(id);
    button.replaceWith(said(o, null));
    if (current && current.importId === id && o.kind !== 'problem') { outcome = o; render(); }
  });
  new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  render();
})();
`;
