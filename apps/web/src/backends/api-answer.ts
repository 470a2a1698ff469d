/** What an API answered, as the storefront keeps it: status, body and the headers it shows. */
export interface ApiAnswer {
  readonly status: number;
  /** The parsed JSON body, or the text when it is not JSON, or `undefined` when empty. */
  readonly body: unknown;
  /** `WWW-Authenticate`, when the API sent one (401, 403, 400). */
  readonly wwwAuthenticate?: string;
}
