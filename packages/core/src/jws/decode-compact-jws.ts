import { isAscii } from 'node:buffer';
import { InvalidTokenError } from '../errors/invalid-token.error.js';

/** A compact JWS split and decoded, not yet verified. */
export interface DecodedJws {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  /** `BASE64URL(header) || '.' || BASE64URL(payload)`, the bytes the signature covers. */
  readonly signingInput: string;
  readonly signature: Buffer;
}

/** Three non-empty segments of the base64url alphabet (no padding, no whitespace), in one pass. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The 6-bit value of each base64url character, by char code. */
const SEXTET = new Uint8Array(128);
for (let index = 0; index < BASE64URL_ALPHABET.length; index += 1) SEXTET[BASE64URL_ALPHABET.charCodeAt(index)] = index;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Splits and decodes a compact JWS (RFC 7515 §7.1) without trusting any of it.
 *
 * Refuses, as `invalid_token`: anything but three segments (so a JWE's five, P8), bad
 * base64url (padding, `+`, `/`, whitespace), invalid UTF-8, JSON that is not an object (P7),
 * an empty signature (P1), non-canonical base64url, and header features Baton does not implement: `crit` (P8: no
 * extension is understood, so any critical one must be refused), `b64`, and nested JWTs
 * (`cty: JWT` or `application/jwt`). Key-carrying headers (`jwk`, `jku`, `x5u`, `x5c`) are left unread (P4).
 */
export function decodeCompactJws(token: string): DecodedJws {
  // One regular-expression pass checks the segment count, that none is empty, and the
  // alphabet of all three; what remains of canonical base64url is each segment's tail.
  if (!COMPACT_JWS.test(token)) throw new InvalidTokenError('ERR_TOKEN_MALFORMED');
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (!hasCanonicalEnd(token, 0, first) || !hasCanonicalEnd(token, first + 1, second) || !hasCanonicalEnd(token, second + 1, token.length)) {
    throw new InvalidTokenError('ERR_TOKEN_MALFORMED');
  }
  const headerSegment = token.slice(0, first);
  const knownHeader = recentHeaders.get(headerSegment);
  const header = knownHeader ?? decodeJsonObject(headerSegment);
  const payload = decodeJsonObject(token.slice(first + 1, second));
  if (knownHeader === undefined) {
    checkHeader(header);
    rememberHeader(headerSegment, header);
  }
  return {
    header,
    payload,
    signingInput: token.slice(0, second),
    signature: Buffer.from(token.slice(second + 1), 'base64url'),
  };
}

/**
 * The end of a segment of base64url characters `token[start..end)` in its one canonical
 * unpadded spelling (RFC 7515 §2, RFC 4648 §3.5): no length of the form 4n+1, and no bits set
 * in the unused low bits of the last character. Otherwise one token would have many
 * spellings that all verify.
 */
function hasCanonicalEnd(token: string, start: number, end: number): boolean {
  const remainder = (end - start) % 4;
  if (remainder === 0) return true;
  if (remainder === 1) return false;
  return (SEXTET[token.charCodeAt(end - 1)]! & (remainder === 2 ? 0b1111 : 0b11)) === 0;
}

/**
 * Headers recently decoded and accepted, by their segment. An issuer's tokens share one header
 * per key (`alg`, `typ`, `kid`), so most tokens skip one of their two JSON parses. The headers
 * are frozen, since tokens share them; a refused header is never remembered.
 */
const recentHeaders = new Map<string, Readonly<Record<string, unknown>>>();
const RECENT_HEADERS = 8;

function rememberHeader(segment: string, header: Record<string, unknown>): void {
  if (recentHeaders.size >= RECENT_HEADERS) recentHeaders.delete(recentHeaders.keys().next().value!);
  recentHeaders.set(segment, Object.freeze(header));
}

/** Header features Baton does not implement (P8). */
function checkHeader(header: Readonly<Record<string, unknown>>): void {
  if (header['crit'] !== undefined || header['b64'] !== undefined) {
    throw new InvalidTokenError('ERR_TOKEN_HEADER_UNSUPPORTED');
  }
  const cty = header['cty'];
  if (typeof cty === 'string' && /^(application\/)?jwt$/i.test(cty)) {
    throw new InvalidTokenError('ERR_TOKEN_HEADER_UNSUPPORTED');
  }
}

function decodeJsonObject(segment: string): Record<string, unknown> {
  const bytes = Buffer.from(segment, 'base64url');
  let value: unknown;
  try {
    // ASCII (nearly every token) reads the same as Latin-1, which needs no UTF-8 decoder;
    // anything else goes through the strict decoder, so invalid UTF-8 is still refused.
    value = JSON.parse(isAscii(bytes) ? bytes.toString('latin1') : utf8.decode(bytes));
  } catch (cause) {
    throw new InvalidTokenError('ERR_TOKEN_MALFORMED', { cause });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidTokenError('ERR_TOKEN_MALFORMED');
  }
  return value as Record<string, unknown>;
}
