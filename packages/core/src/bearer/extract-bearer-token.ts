import { InvalidRequestError } from '../errors/invalid-request.error.js';
import { MissingTokenError } from '../errors/missing-token.error.js';

/**
 * A headers-like object: Node's `IncomingMessage.headers` (lower-case keys, string or string
 * array values) or a Fetch API `Headers`. Baton never needs a framework's request type.
 */
export type HeadersLike =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Where a token may come from, besides the `Authorization` header (RFC 6750 §2). */
export interface BearerSources {
  /** The request's headers. */
  headers: HeadersLike;
  /**
   * Node's `IncomingMessage.rawHeaders` (name, value, name, value…), when available. Node keeps
   * only the first of repeated `Authorization` headers in `headers`; with the raw list, a
   * request carrying several is refused instead of silently using one (Z3).
   */
  rawHeaders?: readonly string[] | undefined;
  /** Parsed query string, when the adapter has one. */
  query?: Readonly<Record<string, unknown>> | undefined;
  /** Parsed `application/x-www-form-urlencoded` body, when the adapter has one. */
  body?: unknown;
}

/** Which RFC 6750 methods are accepted. The header is always accepted. */
export interface BearerExtractionOptions {
  /** Accept `?access_token=` (RFC 6750 §2.3). Off by default: URLs end up in logs. */
  allowQuery?: boolean;
  /** Accept a form-encoded body `access_token` (RFC 6750 §2.2). Off by default. */
  allowBody?: boolean;
}

/** RFC 6750 §2.1 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const BEARER = 'bearer';

/**
 * Takes the bearer token out of a request, per RFC 6750.
 *
 * - no credentials, or another scheme (`Basic`…) → {@link MissingTokenError} (401, no code);
 * - `Bearer` with nothing after it, or text that is not a b64token, several Authorization
 *   values, or a token in more than one place → {@link InvalidRequestError} (400);
 * - the scheme name is case-insensitive.
 *
 * A token in the query or body is refused as `invalid_request` when that method is not
 * enabled and the header also carries one (Z3); alone, it is ignored as "no token".
 *
 * @example
 * ```ts
 * const token = extractBearerToken({ headers: req.headers });
 * ```
 */
export function extractBearerToken(sources: BearerSources, options?: BearerExtractionOptions): string {
  if (sources.rawHeaders !== undefined && countAuthorizationHeaders(sources.rawHeaders) > 1) {
    throw new InvalidRequestError('ERR_MULTIPLE_TOKENS');
  }
  const header = readAuthorization(sources.headers);
  const fromHeader = header === undefined ? undefined : parseAuthorization(header);
  const fromQuery = readAccessTokenParam(sources.query);
  const fromBody = readAccessTokenParam(sources.body);

  if (fromQuery === undefined && fromBody === undefined) {
    if (fromHeader === undefined) throw new MissingTokenError();
    return fromHeader;
  }
  const found = [fromHeader, fromQuery, fromBody].filter((value) => value !== undefined);
  if (found.length > 1) throw new InvalidRequestError('ERR_MULTIPLE_TOKENS');
  if (fromQuery !== undefined) {
    if (!options?.allowQuery) throw new MissingTokenError();
    return checkB64Token(fromQuery);
  }
  if (!options?.allowBody) throw new MissingTokenError();
  return checkB64Token(fromBody as string);
}

function countAuthorizationHeaders(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!;
    // The usual spellings first: no lower-cased copy of the name on every request.
    if (name === 'Authorization' || name === 'authorization' || (name.length === 13 && name.toLowerCase() === 'authorization')) count += 1;
  }
  return count;
}

function readAuthorization(headers: HeadersLike): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const value = (headers as { get(name: string): string | null }).get('authorization');
    // Fetch joins repeated headers with ", "; parseAuthorization refuses the comma.
    return value ?? undefined;
  }
  const value = (headers as Record<string, string | readonly string[] | undefined>)['authorization'];
  if (value === undefined || typeof value === 'string') return value;
  if (value.length > 1) throw new InvalidRequestError('ERR_MULTIPLE_TOKENS');
  return value[0];
}

/** Returns the token of a `Bearer` credential, or undefined for any other scheme. */
function parseAuthorization(header: string): string | undefined {
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  if (!isBearerScheme(trimmed, space === -1 ? trimmed.length : space)) {
    // "Basic x, Bearer y" is two credentials in one header: refuse rather than guess.
    if (/,\s*bearer\b/i.test(trimmed)) throw new InvalidRequestError('ERR_MULTIPLE_TOKENS');
    return undefined;
  }
  const token = space === -1 ? '' : trimmed.slice(space + 1).trimStart();
  if (B64TOKEN.test(token)) return token;
  // A b64token has no comma: one means several credentials ("Bearer a, b"), not bad characters.
  if (token.includes(',')) throw new InvalidRequestError('ERR_MULTIPLE_TOKENS');
  throw new InvalidRequestError('ERR_MALFORMED_AUTHORIZATION');
}

/** `header.slice(0, end)` is "Bearer" in any case, compared in place (no lower-cased copy per request). */
function isBearerScheme(header: string, end: number): boolean {
  if (end !== 6) return false;
  for (let index = 0; index < 6; index += 1) {
    // ASCII letters only: setting bit 0x20 lower-cases A-Z and leaves a-z alone.
    if ((header.charCodeAt(index) | 0x20) !== BEARER.charCodeAt(index)) return false;
  }
  return true;
}

function checkB64Token(token: string): string {
  if (!B64TOKEN.test(token)) throw new InvalidRequestError('ERR_MALFORMED_AUTHORIZATION');
  return token;
}

function readAccessTokenParam(source: unknown): string | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>)['access_token'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidRequestError('ERR_MULTIPLE_TOKENS');
  return value;
}
