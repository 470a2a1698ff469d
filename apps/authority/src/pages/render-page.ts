import { escapeHtml } from './escape-html.js';

const STYLES = `
  :root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --accent: #2f5bd3; --line: #d8dde7; --bad: #a61b1b; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f3f5f9; }
  main { max-width: 26rem; margin: 4rem auto; padding: 2rem; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
  h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
  p { margin: .5rem 0 1rem; color: var(--muted); }
  label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
  input[type=text], input[type=password] { width: 100%; padding: .6rem .7rem; font: inherit; border: 1px solid var(--line); border-radius: 6px; }
  button { font: inherit; padding: .6rem 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: var(--accent); }
  .actions { display: flex; gap: .75rem; margin-top: 1.5rem; align-items: center; }
  .error { color: var(--bad); font-weight: 600; }
  .hint { font-size: .85rem; }
  code { font-size: .9em; }
`;

/**
 * Wraps a page body (already safe HTML) in the authority's layout: plain HTML and inline CSS,
 * no script, no font or stylesheet from elsewhere. `title` is escaped here.
 *
 * @example
 * ```ts
 * const page = renderPage('Signed out', '<p>You are signed out.</p>');
 * ```
 */
export function renderPage(title: string, body: string, issuerName?: string): string {
  const heading = issuerName ? `<p class="hint">${escapeHtml(issuerName)}</p>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
<main>
${heading}${body}
</main>
</body>
</html>`;
}
