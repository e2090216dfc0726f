import { UPLOAD_PAGE_PLAN_TEXT } from './uploadPagePlanText.js';

/**
 * The upload page's "check first, then register" part (issue 20 item 6), a script of its own
 * beside the page's main one (allowed by its own hash in UPLOAD_PAGE_CSP). It listens to the main
 * script: `packreg:report` (a report was shown: `{ importId, report }`) and `packreg:status` (a
 * poll answered: `{ importId, status }`), and asks it to follow a new import with `packreg:track`
 * (`{ id }`). When a dry run's report has a planId it offers "Register exactly this", which calls
 * `POST /v1/imports/:id/commit`; when that import fails with PLAN_CHANGED it lists the rows.
 *
 * Like the main script: everything from the server goes in with textContent; written as a string
 * with no backticks and no `${` inside.
 */
export const UPLOAD_PAGE_PLAN_SCRIPT = `
(() => {
  'use strict';
  const T = ${JSON.stringify(UPLOAD_PAGE_PLAN_TEXT).replace(/</g, '\\u003c')};
  const el = (tag, props, ...children) => { const e = document.createElement(tag); Object.assign(e, props || {}); for (const c of children) e.append(c); return e; };
  const fill = (text, params) => text.replace(/\\{(\\w+)\\}/g, (_, k) => (params && params[k] != null ? String(params[k]) : ''));
  const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'ja');
  const token = () => { try { return localStorage.getItem('packreg.token'); } catch { return null; } };

  /** What is on screen: the dry run offered, a commit starting, or a refused commit's changes. */
  let offer = null, starting = false, problem = null, changes = null;

  // A section of its own just above the results: it outlives them (a refused commit has none).
  const box = el('section', { id: 'plan', className: 'plan' });
  box.setAttribute('aria-live', 'polite');
  box.hidden = true;
  const place = () => { const r = document.getElementById('results'); if (r && box.nextSibling !== r) r.parentNode.insertBefore(box, r); };

  function side(s) {
    const t = T[lang()];
    if (!s) return t.none;
    return (t.status[s.status] || s.status) + (s.codes && s.codes.length ? ' (' + s.codes.join(' ') + ')' : '');
  }

  function render() {
    place();
    const t = T[lang()];
    const parts = [];
    if (offer) {
      const n = offer.report.summary.valid || 0;
      parts.push(el('h2', { textContent: t.title }), el('p', { className: 'muted', textContent: n ? fill(t.ready, { n }) : t.nothing }));
      const button = el('button', { id: 'plan-commit', type: 'button', textContent: starting ? t.committing : t.commit, onclick: commit });
      button.disabled = starting || !n;
      parts.push(button);
    }
    if (changes) {
      parts.push(el('div', { id: 'plan-changed', className: 'error', role: 'alert' },
        el('strong', { textContent: t.changedTitle }),
        el('ul', {}, ...changes.map((c) => el('li', { textContent: fill(t.row, { row: c.row, before: side(c.before), after: side(c.after) }) })))));
    }
    if (problem) parts.push(el('div', { id: 'plan-error', className: 'error', role: 'alert', textContent: problem.message + ' [' + problem.code + ']' }));
    box.replaceChildren(...parts);
    box.hidden = parts.length === 0;
  }

  async function commit() {
    if (!offer || starting) return;
    starting = true; problem = null; changes = null;
    render();
    let res = null;
    try {
      res = await fetch('/v1/imports/' + offer.importId + '/commit?lang=' + lang(), { method: 'POST', headers: { Authorization: 'Bearer ' + token() } });
    } catch { res = null; }
    starting = false;
    if (!res || !res.ok) {
      let error = null;
      try { error = res ? (await res.json()).error : null; } catch {}
      problem = error || { code: 'NETWORK', message: res ? res.status + ' ' + res.statusText : 'network' };
      render();
      return;
    }
    const body = await res.json();
    offer = null;
    render();
    document.dispatchEvent(new CustomEvent('packreg:track', { detail: { id: body.id } }));
  }

  document.addEventListener('packreg:report', (e) => {
    const r = e.detail.report;
    offer = r && r.dryRun && r.planId ? { importId: e.detail.importId, report: r } : null;
    problem = null;
    if (offer) changes = null;
    render();
  });
  document.addEventListener('packreg:status', (e) => {
    const s = e.detail.status;
    if (s && s.status === 'failed' && s.error && s.error.code === 'PLAN_CHANGED') { changes = s.error.changes || []; offer = null; render(); }
  });
  // The page's language switch re-renders the main script's texts; this part follows.
  new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  render();
})();
`;
