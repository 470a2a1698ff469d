import { escapeHtml, html } from './html.js';
import { SafeHtml } from './safe-html.js';

describe('html', () => {
  it('escapes every character that could open markup or close an attribute', () => {
    expect(escapeHtml(`<script>alert("x") & 'y' \`z\`</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39; &#96;z&#96;&lt;/script&gt;',
    );
  });

  it('escapes interpolated text, in content and in attributes', () => {
    const name = '"><img src=x onerror=alert(1)>';
    expect(html`<a title="${name}">${name}</a>`.value).toBe(
      '<a title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</a>',
    );
  });

  it('nests SafeHtml without escaping it twice, joins lists and drops null, undefined and false', () => {
    const items = ['a&b', 'c'].map((item) => html`<li>${item}</li>`);
    const markup = html`<ul>${items}</ul>${null}${undefined}${false}${0}`;
    expect(markup).toBeInstanceOf(SafeHtml);
    expect(markup.value).toBe('<ul><li>a&amp;b</li><li>c</li></ul>0');
    expect(String(markup)).toBe(markup.value);
  });

  it('treats a string that looks like markup as text', () => {
    expect(html`${'<b>bold</b>'}`.value).toBe('&lt;b&gt;bold&lt;/b&gt;');
  });
});
