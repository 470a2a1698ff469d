/** A form found in a page: where it posts and its fields with their current values. */
export interface HtmlForm {
  readonly action: string;
  readonly method: string;
  readonly fields: Readonly<Record<string, string>>;
  /** Input names by type, e.g. `{ password: ['password'], text: ['login'] }`. */
  readonly inputsByType: Readonly<Record<string, readonly string[]>>;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  const value = match?.[1] ?? match?.[2] ?? match?.[3];
  return value === undefined ? undefined : decodeEntities(value);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Every form of an HTML page, read with regular expressions: enough for the pages of this
 * project (the login form of the authority, the storefront's forms), not a general parser.
 *
 * @example
 * ```ts
 * const login = formsIn(page.text).find((form) => form.inputsByType.password);
 * ```
 */
export function formsIn(page: string, baseUrl: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const tag = match[1] ?? '';
    const fields: Record<string, string> = {};
    const inputsByType: Record<string, string[]> = {};
    for (const input of (match[2] ?? '').matchAll(/<(input|button)\b([^>]*)>/gi)) {
      const name = attribute(input[2] ?? '', 'name');
      if (!name) continue;
      const type = (attribute(input[2] ?? '', 'type') ?? (input[1]?.toLowerCase() === 'button' ? 'submit' : 'text')).toLowerCase();
      (inputsByType[type] ??= []).push(name);
      if (type !== 'submit') fields[name] = attribute(input[2] ?? '', 'value') ?? '';
    }
    forms.push({
      action: new URL(attribute(tag, 'action') ?? baseUrl, baseUrl).href,
      method: (attribute(tag, 'method') ?? 'get').toLowerCase(),
      fields,
      inputsByType,
    });
  }
  return forms;
}
