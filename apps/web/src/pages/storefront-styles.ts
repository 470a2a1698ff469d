/**
 * The storefront's only style sheet, served at `/assets/storefront.css` (kept in a module so the
 * build needs no asset copying). No web fonts, no CDN.
 *
 * @example
 * ```ts
 * response.type('text/css').send(STOREFRONT_CSS);
 * ```
 */
export const STOREFRONT_CSS = `
:root { --ink: #1d2330; --muted: #5b6475; --line: #dde1e8; --accent: #2f5bd3; --ok: #1f7a4d; --bad: #b3261e; --paper: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--paper); }
a { color: var(--accent); }
header.top { display: flex; align-items: center; gap: 1.5rem; padding: .75rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
header.top .brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--ink); }
header.top nav { display: flex; gap: 1rem; flex: 1; }
header.top nav a { text-decoration: none; }
header.top .who { display: flex; align-items: center; gap: .75rem; color: var(--muted); }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 26rem; gap: 1.5rem; padding: 1.5rem; max-width: 80rem; margin: 0 auto; }
@media (max-width: 60rem) { .layout { grid-template-columns: 1fr; } }
main, aside.trail { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: 1.25rem 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
button, .button { display: inline-block; font: inherit; padding: .4rem .9rem; border-radius: .35rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; }
button.quiet { background: #fff; color: var(--accent); }
form.inline { display: inline; }
input[type=number] { width: 4.5rem; font: inherit; padding: .3rem; }
.events { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem; }
.events li { border: 1px solid var(--line); border-radius: .4rem; padding: .75rem 1rem; display: flex; justify-content: space-between; gap: 1rem; }
.muted { color: var(--muted); }
.notice { padding: .75rem 1rem; border-radius: .4rem; border: 1px solid var(--line); background: var(--paper); }
.notice.ok { border-color: var(--ok); }
.notice.bad { border-color: var(--bad); }
.status { font-weight: 700; }
.status.ok { color: var(--ok); }
.status.bad { color: var(--bad); }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--paper); border: 1px solid var(--line); border-radius: .35rem; padding: .6rem .75rem; white-space: pre-wrap; word-break: break-word; margin: .25rem 0 .75rem; }
aside.trail h2 { margin-top: 0; }
aside.trail ol { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem; }
aside.trail .hop { border: 1px solid var(--line); border-radius: .4rem; padding: .6rem .75rem; }
aside.trail .hop h3 { font-size: .95rem; margin: 0 0 .35rem; }
aside.trail dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; margin: 0; font-size: .9rem; }
aside.trail dt { color: var(--muted); }
aside.trail dd { margin: 0; word-break: break-word; }
`;
