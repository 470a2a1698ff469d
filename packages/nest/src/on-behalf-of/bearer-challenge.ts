/** RFC 9110 §5.6.2 token. */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const SCHEME = new RegExp(`[\\s,]*(${TOKEN})(?=\\s|,|$)`, 'y');
const PARAM = new RegExp(`\\s*(${TOKEN})\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|(${TOKEN}))\\s*(?:,|$)`, 'y');
const TOKEN68 = /\s*[A-Za-z0-9._~+/-]+=*\s*(?:,|$)/y;

/**
 * The auth-params of the `Bearer` challenge in a `WWW-Authenticate` value (RFC 9110 §11.6.1),
 * names lower-cased, quoted values unescaped; undefined when there is none. Other challenges
 * (`DPoP`, `Basic`) in the same header are skipped; parsing stops at the first malformed part.
 */
export function bearerChallenge(header: string | undefined): Readonly<Record<string, string>> | undefined {
  if (header === undefined) return undefined;
  let index = 0;
  while (index < header.length) {
    SCHEME.lastIndex = index;
    const scheme = SCHEME.exec(header);
    if (scheme === null) return undefined;
    index = SCHEME.lastIndex;
    const params: Record<string, string> = {};
    TOKEN68.lastIndex = index;
    PARAM.lastIndex = index;
    if (PARAM.exec(header) === null && TOKEN68.exec(header) !== null) index = TOKEN68.lastIndex;
    for (;;) {
      PARAM.lastIndex = index;
      const param = PARAM.exec(header);
      if (param === null) break;
      params[param[1]!.toLowerCase()] = param[2] === undefined ? param[3]! : param[2].replace(/\\(.)/g, '$1');
      index = PARAM.lastIndex;
    }
    if (scheme[1]!.toLowerCase() === 'bearer') return params;
  }
  return undefined;
}
