import { encodeSegment } from '@baton/testing';
import { InvalidTokenError } from '../errors/invalid-token.error.js';
import { decodeCompactJws } from './decode-compact-jws.js';

const HEADER = { alg: 'ES256', typ: 'at+jwt', kid: 'key-1' };
const PAYLOAD = { iss: 'https://auth.example.com', sub: 'user-1', aud: 'api', exp: 2_000_000_000 };
const SIGNATURE = Buffer.alloc(64, 7);

const h = encodeSegment(HEADER);
const p = encodeSegment(PAYLOAD);
const s = encodeSegment(SIGNATURE);

function compact(header: unknown, payload: unknown = PAYLOAD, signature: string = s): string {
  return `${encodeSegment(header)}.${encodeSegment(payload)}.${signature}`;
}

interface Refusal {
  readonly code: string;
  readonly status: number;
  readonly error: string;
  readonly wwwAuthenticate: string | undefined;
}

function refusalOf(token: string): Refusal {
  try {
    decodeCompactJws(token);
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    return { code: error.code, status: error.status, error: error.error, wwwAuthenticate: error.wwwAuthenticate() };
  }
  throw new Error('expected decodeCompactJws to throw');
}

const MALFORMED: Refusal = {
  code: 'ERR_TOKEN_MALFORMED',
  status: 401,
  error: 'invalid_token',
  wwwAuthenticate: 'Bearer error="invalid_token", error_description="The access token is malformed"',
};
const UNSUPPORTED_HEADER: Refusal = {
  code: 'ERR_TOKEN_HEADER_UNSUPPORTED',
  status: 401,
  error: 'invalid_token',
  wwwAuthenticate: 'Bearer error="invalid_token", error_description="The access token uses an unsupported JOSE header"',
};

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url of `value` as JSON, padded with spaces to a byte length ≡ `bytesMod3` (mod 3): a segment of length 4n, 4n+2 or 4n+3. */
function jsonSegment(value: unknown, bytesMod3: 0 | 1 | 2): string {
  let text = JSON.stringify(value);
  while (Buffer.byteLength(text) % 3 !== bytesMod3) text += ' ';
  return encodeSegment(text);
}

/** The segment with every unused low bit of its last character set (lengths 4n+2 and 4n+3 only); lenient decoders read the same bytes. */
function withUnusedBitsSet(segment: string): string {
  const unused = segment.length % 4 === 2 ? 0b1111 : 0b11;
  const last = BASE64URL_ALPHABET.indexOf(segment.at(-1)!);
  return `${segment.slice(0, -1)}${BASE64URL_ALPHABET[last | unused]}`;
}

describe('decodeCompactJws', () => {
  it('P7: splits a well-formed token into header, payload, signing input and signature bytes', () => {
    const decoded = decodeCompactJws(`${h}.${p}.${s}`);

    expect(decoded.header).toEqual(HEADER);
    expect(decoded.payload).toEqual(PAYLOAD);
    expect(decoded.signingInput).toBe(`${h}.${p}`);
    expect(decoded.signature.equals(SIGNATURE)).toBe(true);
  });

  it('P7: keeps non-ASCII claim text intact (valid UTF-8)', () => {
    expect(decodeCompactJws(compact(HEADER, { ...PAYLOAD, name: 'Zoë 🔑' })).payload['name']).toBe('Zoë 🔑');
  });

  describe('P1: alg none and empty signatures', () => {
    it.each(['none', 'None', 'NONE', 'nOnE'])('P1: alg %j with an empty signature → 401 invalid_token', (alg) => {
      expect(refusalOf(`${encodeSegment({ alg, typ: 'at+jwt' })}.${p}.`)).toEqual(MALFORMED);
    });

    it('P1: an otherwise valid ES256 token with its signature stripped → 401 invalid_token', () => {
      expect(refusalOf(`${h}.${p}.`)).toEqual(MALFORMED);
    });

    it('P1: alg none without even a trailing dot → 401 invalid_token', () => {
      expect(refusalOf(`${encodeSegment({ alg: 'none' })}.${p}`)).toEqual(MALFORMED);
    });
  });

  describe('P7: number of segments', () => {
    it.each([
      ['an empty string', ''],
      ['one segment', h],
      ['two segments', `${h}.${p}`],
      ['four segments', `${h}.${p}.${s}.${s}`],
      ['five segments (a JWE)', `${h}.${p}.${s}.${s}.${s}`],
      ['only dots', '..'],
      ['four dots', '....'],
      ['a leading dot', `.${h}.${p}.${s}`],
      ['a trailing extra dot', `${h}.${p}.${s}.`],
    ])('P7: %s → 401 invalid_token', (_name, token) => {
      expect(refusalOf(token)).toEqual(MALFORMED);
    });

    it.each([
      ['an empty header segment', `.${p}.${s}`],
      ['an empty payload segment', `${h}..${s}`],
    ])('P7: %s → 401 invalid_token', (_name, token) => {
      expect(refusalOf(token)).toEqual(MALFORMED);
    });
  });

  describe('P7: base64url', () => {
    const breakers: ReadonlyArray<readonly [string, (segment: string) => string]> = [
      ['"=" padding', (segment) => `${segment}==`],
      ['"+" (base64, not base64url)', (segment) => `+${segment.slice(1)}`],
      ['"/" (base64, not base64url)', (segment) => `/${segment.slice(1)}`],
      ['an inner space', (segment) => `${segment.slice(0, 4)} ${segment.slice(4)}`],
      ['a trailing space', (segment) => `${segment} `],
      ['a line break', (segment) => `${segment.slice(0, 4)}\n${segment.slice(4)}`],
      ['a percent-encoded character', (segment) => `${segment}%3D`],
      ['non-ASCII', (segment) => `${segment}é`],
    ];

    it.each(breakers)('P7: a header segment with %s → 401 invalid_token', (_name, breakSegment) => {
      expect(refusalOf(`${breakSegment(h)}.${p}.${s}`)).toEqual(MALFORMED);
    });

    it.each(breakers)('P7: a payload segment with %s → 401 invalid_token', (_name, breakSegment) => {
      expect(refusalOf(`${h}.${breakSegment(p)}.${s}`)).toEqual(MALFORMED);
    });

    it.each(breakers)('P7: a signature segment with %s → 401 invalid_token', (_name, breakSegment) => {
      expect(refusalOf(`${h}.${p}.${breakSegment(s)}`)).toEqual(MALFORMED);
    });

    // Each spelling below decodes, in Node's lenient base64 decoder, to the very bytes of a
    // canonical segment: refused only because one token must have exactly one spelling.
    type Segments = (bytesMod3: 0 | 1 | 2) => string;
    const headerSegments: Segments = (bytesMod3) => jsonSegment(HEADER, bytesMod3);
    const payloadSegments: Segments = (bytesMod3) => jsonSegment(PAYLOAD, bytesMod3);
    const signatureSegments: Segments = (bytesMod3) => encodeSegment(Buffer.alloc(63 + bytesMod3, 7));
    const nonCanonical: ReadonlyArray<readonly [string, (segments: Segments) => { canonical: string; variant: string }]> = [
      ['length 4n+1 (a dangling character)', (segments) => ({ canonical: segments(0), variant: `${segments(0)}A` })],
      ['4 unused bits set in its last character (length 4n+2)', (segments) => ({ canonical: segments(1), variant: withUnusedBitsSet(segments(1)) })],
      ['2 unused bits set in its last character (length 4n+3)', (segments) => ({ canonical: segments(2), variant: withUnusedBitsSet(segments(2)) })],
    ];

    it.each(nonCanonical)('P7: a header segment of %s → 401 invalid_token', (_name, spell) => {
      const { canonical, variant } = spell(headerSegments);

      expect(decodeCompactJws(`${canonical}.${p}.${s}`).header).toEqual(HEADER);
      expect(refusalOf(`${variant}.${p}.${s}`)).toEqual(MALFORMED);
    });

    it.each(nonCanonical)('P7: a payload segment of %s → 401 invalid_token', (_name, spell) => {
      const { canonical, variant } = spell(payloadSegments);

      expect(decodeCompactJws(`${h}.${canonical}.${s}`).payload).toEqual(PAYLOAD);
      expect(refusalOf(`${h}.${variant}.${s}`)).toEqual(MALFORMED);
    });

    it.each(nonCanonical)('P7: a signature segment of %s → 401 invalid_token', (_name, spell) => {
      const { canonical, variant } = spell(signatureSegments);

      expect(decodeCompactJws(`${h}.${p}.${canonical}`).signature.equals(Buffer.from(canonical, 'base64url'))).toBe(true);
      expect(refusalOf(`${h}.${p}.${variant}`)).toEqual(MALFORMED);
    });

    it('P7: of the 16 signature spellings that differ only in the unused bits of the last character, exactly one decodes', () => {
      expect(s.length % 4).toBe(2);
      const significant = BASE64URL_ALPHABET.indexOf(s.at(-1)!) & 0b110000;
      const spellings = Array.from({ length: 16 }, (_, low) => `${s.slice(0, -1)}${BASE64URL_ALPHABET[significant | low]}`);

      const decoded = spellings.filter((spelling) => {
        try {
          decodeCompactJws(`${h}.${p}.${spelling}`);
          return true;
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidTokenError);
          return false;
        }
      });

      expect(decoded).toEqual([s]);
    });
  });

  describe('P7: JSON', () => {
    it.each([
      ['plain text', 'not json'],
      ['an unterminated object', '{"alg":"ES256"'],
      ['single quotes', "{'alg':'ES256'}"],
      ['a trailing comma', '{"alg":"ES256",}'],
      ['two concatenated objects', '{"alg":"ES256"}{"alg":"none"}'],
      ['an empty document', ' '],
      ['a JavaScript literal', '{alg: "ES256"}'],
    ])('P7: a header of %s → 401 invalid_token', (_name, text) => {
      expect(refusalOf(`${encodeSegment(text)}.${p}.${s}`)).toEqual(MALFORMED);
    });

    it.each([
      ['plain text', 'not json'],
      ['an unterminated object', '{"sub":"user-1"'],
      ['a compact JWT (nested, not JSON)', `${h}.${p}.${s}`],
    ])('P7: a payload of %s → 401 invalid_token', (_name, text) => {
      expect(refusalOf(`${h}.${encodeSegment(text)}.${s}`)).toEqual(MALFORMED);
    });

    it.each([
      ['an array', '[]'],
      ['an array holding the header', '[{"alg":"ES256"}]'],
      ['null', 'null'],
      ['a number', '42'],
      ['a string', '"ES256"'],
      ['a boolean', 'true'],
    ])('P7: a header that is %s, not an object → 401 invalid_token', (_name, json) => {
      expect(refusalOf(`${encodeSegment(json)}.${p}.${s}`)).toEqual(MALFORMED);
    });

    it.each([
      ['an array', '[{"sub":"user-1"}]'],
      ['null', 'null'],
      ['a number', '1700000000'],
      ['a string', '"user-1"'],
      ['a boolean', 'false'],
    ])('P7: a payload that is %s, not an object → 401 invalid_token', (_name, json) => {
      expect(refusalOf(`${h}.${encodeSegment(json)}.${s}`)).toEqual(MALFORMED);
    });

    it('P7: a deeply nested payload is decoded or refused, never a crash', () => {
      const depth = 5_000;
      const payload = `{"sub":${'['.repeat(depth)}${']'.repeat(depth)}}`;

      expect(() => decodeCompactJws(`${h}.${encodeSegment(payload)}.${s}`)).not.toThrow();
    });

    it('P7: a "__proto__" member stays plain data and does not set the header prototype', () => {
      const { header } = decodeCompactJws(`${encodeSegment('{"__proto__":{"alg":"ES256"},"typ":"at+jwt"}')}.${p}.${s}`);

      expect(header['alg']).toBeUndefined();
      expect(Object.getPrototypeOf(header)).toBe(Object.prototype);
    });
  });

  describe('P7: UTF-8', () => {
    const invalid: ReadonlyArray<readonly [string, number[]]> = [
      ['a lone 0xFF byte', [0xff]],
      ['a lone continuation byte', [0x80]],
      ['an overlong "/" (0xC0 0xAF)', [0xc0, 0xaf]],
      ['a UTF-8 encoded surrogate', [0xed, 0xa0, 0x80]],
      ['a truncated 3-byte sequence', [0xe2, 0x82]],
      ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ];
    const inJsonString = (bytes: number[]): Buffer =>
      Buffer.concat([Buffer.from('{"alg":"ES256","kid":"'), Buffer.from(bytes), Buffer.from('"}')]);

    it.each(invalid)('P7: a header with %s → 401 invalid_token', (_name, bytes) => {
      expect(refusalOf(`${encodeSegment(inJsonString(bytes))}.${p}.${s}`)).toEqual(MALFORMED);
    });

    it.each(invalid)('P7: a payload with %s → 401 invalid_token', (_name, bytes) => {
      const payload = Buffer.concat([Buffer.from('{"sub":"'), Buffer.from(bytes), Buffer.from('"}')]);

      expect(refusalOf(`${h}.${encodeSegment(payload)}.${s}`)).toEqual(MALFORMED);
    });

    it('P7: the refusal keeps the decoder error as its cause, for logs only', () => {
      let caught: unknown;
      try {
        decodeCompactJws(`${encodeSegment(Buffer.from([0xff]))}.${p}.${s}`);
      } catch (error) {
        caught = error;
      }

      expect(caught).toBeInstanceOf(InvalidTokenError);
      // The decoder's TypeError comes from Node's realm, not Jest's: compare by name.
      expect((caught as InvalidTokenError).cause).toMatchObject({ name: 'TypeError', code: 'ERR_ENCODING_INVALID_ENCODED_DATA' });
    });
  });

  describe('P8: unsupported JOSE header features', () => {
    it.each<[string, Record<string, unknown>]>([
      ['crit naming exp', { ...HEADER, crit: ['exp'], exp: 1 }],
      ['crit naming an unknown extension', { ...HEADER, crit: ['urn:example:ext'], 'urn:example:ext': true }],
      ['an empty crit list', { ...HEADER, crit: [] }],
      ['crit that is not a list', { ...HEADER, crit: 'b64' }],
      ['crit: null', { ...HEADER, crit: null }],
      ['b64: false with crit', { ...HEADER, b64: false, crit: ['b64'] }],
      ['b64: false without crit', { ...HEADER, b64: false }],
      ['b64: true', { ...HEADER, b64: true }],
      ['cty: JWT (nested token)', { ...HEADER, cty: 'JWT' }],
      ['cty: jwt', { ...HEADER, cty: 'jwt' }],
      ['cty: Jwt', { ...HEADER, cty: 'Jwt' }],
    ])('P8: %s → 401 invalid_token', (_name, header) => {
      expect(refusalOf(compact(header))).toEqual(UNSUPPORTED_HEADER);
    });

    it('P8: a nested JWT as payload is refused before its cty is even read', () => {
      const inner = `${h}.${p}.${s}`;

      expect(refusalOf(`${encodeSegment({ ...HEADER, cty: 'JWT' })}.${encodeSegment(inner)}.${s}`)).toEqual(MALFORMED);
    });

    it.each([
      ['a JWE (five segments, RSA-OAEP)', [{ alg: 'RSA-OAEP', enc: 'A256GCM' }, 'key', 'iv', 'ciphertext', 'tag']],
      ['a JWE with direct encryption (empty key segment)', [{ alg: 'dir', enc: 'A128GCM' }, '', 'iv', 'ciphertext', 'tag']],
    ])('P8: %s → 401 invalid_token', (_name, parts) => {
      expect(refusalOf(parts.map((part) => encodeSegment(part)).join('.'))).toEqual(MALFORMED);
    });

    it.each([
      ['cty: application/json', 'application/json'],
      ['cty: at+jwt', 'at+jwt'],
    ])('P8: other content types (%s) are not nested JWTs', (_name, cty) => {
      expect(decodeCompactJws(compact({ ...HEADER, cty })).header['cty']).toBe(cty);
    });

    it.each(['application/jwt', 'APPLICATION/JWT', 'Application/Jwt'])('P8: cty %j (a nested JWT named by its full media type) → 401 invalid_token', (cty) => {
      expect(refusalOf(compact({ ...HEADER, cty }))).toEqual(UNSUPPORTED_HEADER);
    });

    it('P8: the nested-JWT check matches the whole cty: "json" is read, "jwt" and "application/jwt" are refused', () => {
      expect(decodeCompactJws(compact({ ...HEADER, cty: 'json' })).header['cty']).toBe('json');
      expect(decodeCompactJws(compact({ ...HEADER, cty: 'application/jwt+json' })).header['cty']).toBe('application/jwt+json');
      expect(refusalOf(compact({ ...HEADER, cty: 'jwt' }))).toEqual(UNSUPPORTED_HEADER);
      expect(refusalOf(compact({ ...HEADER, cty: 'application/jwt' }))).toEqual(UNSUPPORTED_HEADER);
    });
  });

  describe('P5: kid is data only', () => {
    it.each([
      ['10,000 characters', 'k'.repeat(10_000)],
      ['a path traversal', '../../../../etc/passwd'],
      ['a URL', 'https://attacker.example/jwks.json'],
      ['quotes and CR LF', 'a"b\r\nX: y'],
      ['"__proto__"', '__proto__'],
      ['non-ASCII', 'clé-🔑'],
      ['an empty string', ''],
    ])('P5: a kid of %s is returned unchanged', (_name, kid) => {
      expect(decodeCompactJws(compact({ ...HEADER, kid })).header['kid']).toBe(kid);
    });
  });

  describe('headers shared by many tokens (decoded once, remembered)', () => {
    it('P7: tokens sharing a header each get their own payload and signature, and the same frozen header', () => {
      const first = decodeCompactJws(`${h}.${encodeSegment({ ...PAYLOAD, sub: 'user-a' })}.${s}`);
      const second = decodeCompactJws(`${h}.${encodeSegment({ ...PAYLOAD, sub: 'user-b' })}.${encodeSegment(Buffer.alloc(64, 9))}`);

      expect(second.header).toEqual(HEADER);
      expect(second.header).toBe(first.header);
      expect(Object.isFrozen(second.header)).toBe(true);
      expect([first.payload['sub'], second.payload['sub']]).toEqual(['user-a', 'user-b']);
      expect(second.signature.equals(Buffer.alloc(64, 9))).toBe(true);
    });

    it('P7: a remembered header does not let a malformed payload or signature through', () => {
      decodeCompactJws(`${h}.${p}.${s}`);

      expect(refusalOf(`${h}.${encodeSegment('not json')}.${s}`)).toEqual(MALFORMED);
      expect(refusalOf(`${h}.${encodeSegment('[]')}.${s}`)).toEqual(MALFORMED);
      expect(refusalOf(`${h}.${p}.${s}=`)).toEqual(MALFORMED);
      expect(refusalOf(`${h}.${p}.${s}.${s}`)).toEqual(MALFORMED);
      expect(refusalOf(`${h}.${p}.`)).toEqual(MALFORMED);
    });

    it('P8: a refused header is refused every time it is seen', () => {
      const critical = encodeSegment({ ...HEADER, crit: ['exp'], exp: 1 });

      for (let attempt = 0; attempt < 3; attempt += 1) {
        expect(refusalOf(`${critical}.${p}.${s}`)).toEqual(UNSUPPORTED_HEADER);
      }
    });

    it('P7: with more distinct headers than are remembered, each still decodes to its own content', () => {
      const kids = Array.from({ length: 20 }, (_, index) => `key-${index}`);

      for (let round = 0; round < 2; round += 1) {
        for (const kid of kids) expect(decodeCompactJws(compact({ ...HEADER, kid })).header['kid']).toBe(kid);
      }
    });
  });
});

