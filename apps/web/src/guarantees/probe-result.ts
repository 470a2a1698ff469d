/** The two guarantees the storefront can demonstrate on request. */
export type ProbeName = 'discount-direct' | 'catalog-write';

/** What an API answered to a request it must refuse. */
export interface ProbeResult {
  readonly probe: ProbeName;
  /** The request made, in words, e.g. "GET discount /coupons/me with the storefront's shoppingbasket token". */
  readonly request: string;
  readonly status: number;
  readonly wwwAuthenticate?: string;
  /** The JSON body, shown as is (the APIs never echo tokens). */
  readonly body: unknown;
  /** The status and error code that prove the guarantee, e.g. 401 `invalid_token`. */
  readonly expected: { readonly status: number; readonly error: string };
  /** Whether the API answered as expected. */
  readonly held: boolean;
}
