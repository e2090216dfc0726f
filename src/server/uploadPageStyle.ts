/**
 * The upload page's one inline style sheet. Allowed by its hash in UPLOAD_PAGE_CSP, so it must
 * stay a constant: nothing may be interpolated into it at request time.
 */
export const UPLOAD_PAGE_STYLE = `
:root { --ink:#1f2933; --muted:#616e7c; --line:#d9e2ec; --accent:#0b5cad; --bad:#c62828; --badbg:#fdecea; --warn:#8a5a00; --warnbg:#fff4d6; --ok:#1b6e3a; --okbg:#e6f4ea; }
* { box-sizing: border-box; }
body { margin:0; font-family: system-ui, "Hiragino Kaku Gothic ProN", "Noto Sans JP", Meiryo, sans-serif; color:var(--ink); background:#f5f7fa; }
header { background:#fff; border-bottom:1px solid var(--line); padding:12px 24px; display:flex; align-items:center; gap:16px; }
header h1 { font-size:18px; margin:0; flex:1; }
main { max-width:1100px; margin:24px auto; padding:0 24px; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px 20px; margin-bottom:16px; }
h2 { font-size:16px; margin:0 0 12px; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size:.92em; background:#eef2f6; padding:1px 4px; border-radius:4px; overflow-wrap:anywhere; }
button, .button { font:inherit; padding:8px 16px; border-radius:6px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; }
button.secondary { background:#fff; color:var(--accent); }
button:disabled { opacity:.5; cursor:default; }
:focus-visible { outline:3px solid #7fb2e5; outline-offset:2px; }
.lang button { padding:4px 10px; }
.lang button[aria-pressed="true"] { background:var(--accent); color:#fff; }
.lang button[aria-pressed="false"] { background:#fff; color:var(--accent); }
label.field { display:block; font-weight:600; margin-bottom:4px; }
input[type=password], input[type=text] { font:inherit; padding:8px; border:1px solid var(--line); border-radius:6px; width:min(520px, 100%); }
#drop { border:2px dashed var(--line); border-radius:8px; padding:28px; text-align:center; color:var(--muted); cursor:pointer; }
#drop.over { border-color:var(--accent); background:#eef5fc; }
#drop strong { color:var(--ink); }
.row { display:flex; gap:16px; align-items:center; flex-wrap:wrap; margin-top:12px; }
.muted { color:var(--muted); font-size:14px; }
.error { color:var(--bad); background:var(--badbg); padding:8px 12px; border-radius:6px; margin-top:12px; }
.error code { background:#fff; }
fieldset { border:1px solid var(--line); border-radius:6px; margin:12px 0 0; padding:8px 12px 10px; }
legend { padding:0 4px; font-size:14px; font-weight:600; }
.choice { display:grid; grid-template-columns:auto 1fr; column-gap:8px; margin-top:6px; }
.choice label { font-weight:600; font-size:14px; }
.choice .muted { grid-column:2; font-size:13px; }
.start { display:inline-flex; align-items:center; }
.reason { color:var(--warn); font-size:14px; margin-left:12px; }
.steps { display:flex; gap:8px; list-style:none; padding:0; margin:0 0 8px; }
.steps li { flex:1; padding:6px 8px; border-radius:6px; background:#edf0f3; color:var(--muted); font-size:14px; text-align:center; }
.steps li.done { background:var(--okbg); color:var(--ok); }
.steps li.now { background:var(--accent); color:#fff; }
.steps li.failed { background:var(--bad); color:#fff; font-weight:600; }
progress { width:100%; height:10px; accent-color:var(--accent); }
progress.finished { accent-color:var(--ok); }
progress.failed { accent-color:var(--bad); }
.state { font-weight:600; }
.state.finished { color:var(--ok); } .state.failed { color:var(--bad); } .state.cancelled { color:var(--warn); }
progress.cancelled { accent-color:var(--warn); }
#cancel-box { margin-top:8px; } #cancel-box p { margin:8px 0 0; }
.counts { display:flex; gap:12px; flex-wrap:wrap; margin:8px 0 12px; }
.count { border:1px solid var(--line); border-radius:6px; padding:6px 12px; min-width:110px; }
.count b { display:block; font-size:20px; }
.count.bad b { color:var(--bad); } .count.ok b { color:var(--ok); } .count.warn b { color:var(--warn); }
.warnings { color:var(--warn); background:var(--warnbg); padding:8px 12px; border-radius:6px; margin-bottom:12px; font-size:14px; }
.warnings ul { margin:4px 0 0; padding-left:20px; }
.downloads { display:flex; gap:8px; flex-wrap:wrap; margin-bottom:12px; }
table { border-collapse:collapse; width:100%; font-size:14px; }
th, td { border-bottom:1px solid var(--line); padding:6px 8px; text-align:left; vertical-align:top; }
th { background:#f0f4f8; position:sticky; top:0; white-space:nowrap; }
td.num { text-align:right; width:60px; }
.status { display:inline-block; padding:2px 8px; border-radius:10px; font-size:13px; white-space:nowrap; }
.status.rejected { background:var(--badbg); color:var(--bad); }
.status.held, .status.pending_review { background:var(--warnbg); color:var(--warn); }
.status.registered, .status.valid, .status.already_registered { background:var(--okbg); color:var(--ok); }
td.msg div + div { margin-top:4px; }
td.msg .warning { color:var(--warn); }
[hidden] { display:none !important; }
`;
