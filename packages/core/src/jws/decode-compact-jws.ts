import { InvalidTokenError } from '../errors/invalid-token.error.js';

/** A compact JWS split and decoded, not yet verified. */
export interface DecodedJws {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  /** `BASE64URL(header) || '.' || BASE64URL(payload)`, the bytes the signature covers. */
  readonly signingInput: string;
  readonly signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
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
  const first = token.indexOf('.');
  const second = first === -1 ? -1 : token.indexOf('.', first + 1);
  if (second === -1 || token.indexOf('.', second + 1) !== -1) {
    throw new InvalidTokenError('ERR_TOKEN_MALFORMED');
  }
  const header = decodeJsonObject(token.slice(0, first));
  const payload = decodeJsonObject(token.slice(first + 1, second));
  const encodedSignature = token.slice(second + 1);
  if (encodedSignature.length === 0 || !isCanonicalBase64url(encodedSignature)) {
    throw new InvalidTokenError('ERR_TOKEN_MALFORMED');
  }
  if (header['crit'] !== undefined || header['b64'] !== undefined) {
    throw new InvalidTokenError('ERR_TOKEN_HEADER_UNSUPPORTED');
  }
  const cty = header['cty'];
  if (typeof cty === 'string' && /^(application\/)?jwt$/i.test(cty)) {
    throw new InvalidTokenError('ERR_TOKEN_HEADER_UNSUPPORTED');
  }
  return {
    header,
    payload,
    signingInput: token.slice(0, second),
    signature: Buffer.from(encodedSignature, 'base64url'),
  };
}

/**
 * Unpadded base64url in its one canonical spelling (RFC 7515 §2, RFC 4648 §3.5): no length
 * of the form 4n+1, and no bits set in the unused low bits of the last character. Otherwise
 * one token would have many spellings that all verify.
 */
function isCanonicalBase64url(segment: string): boolean {
  if (!BASE64URL.test(segment)) return false;
  const remainder = segment.length % 4;
  if (remainder === 1) return false;
  if (remainder === 0) return true;
  const last = BASE64URL_ALPHABET.indexOf(segment[segment.length - 1]!);
  return (last & (remainder === 2 ? 0b1111 : 0b11)) === 0;
}

function decodeJsonObject(segment: string): Record<string, unknown> {
  if (segment.length === 0 || !isCanonicalBase64url(segment)) throw new InvalidTokenError('ERR_TOKEN_MALFORMED');
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(Buffer.from(segment, 'base64url')));
  } catch (cause) {
    throw new InvalidTokenError('ERR_TOKEN_MALFORMED', { cause });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidTokenError('ERR_TOKEN_MALFORMED');
  }
  return value as Record<string, unknown>;
}
