/** Style of the upload page's lists (uploadPageListsBody); allowed by its hash in UPLOAD_PAGE_CSP. */
export const UPLOAD_PAGE_LISTS_STYLE = `
.tabs { display:flex; gap:4px; border-bottom:1px solid var(--line); margin-bottom:12px; }
.tabs [role=tab] { background:#fff; color:var(--accent); border-radius:6px 6px 0 0; border-bottom:none; }
.tabs [role=tab][aria-selected="true"] { background:var(--accent); color:#fff; }
.filters label { display:flex; flex-direction:column; font-size:13px; font-weight:600; gap:2px; }
.filters input, .filters select { font:inherit; font-weight:400; padding:6px 8px; border:1px solid var(--line); border-radius:6px; }
.filters #contract-q { width:min(360px, 70vw); }
.filters { align-items:flex-end; margin-top:0; }
.list { margin-top:12px; overflow-x:auto; }
.list .more { margin-top:8px; }
.status.active, .status.completed, .status.finished { background:var(--okbg); color:var(--ok); }
.status.under_review, .status.queued, .status.running { background:var(--warnbg); color:var(--warn); }
.status.expired, .status.failed, .status.cancelled { background:var(--badbg); color:var(--bad); }
.list td button { padding:2px 8px; font-size:13px; margin:0 4px 4px 0; }
`;
