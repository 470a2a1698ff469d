/** Everything the decision engine needs about one exchange request, already verified. */
export interface ExchangeFacts {
  /** The authenticated client. */
  readonly clientId: string;
  /** Claims of the subject token (signature, issuer, audience and time already checked). */
  readonly subject: Readonly<Record<string, unknown>>;
  /** Claims of the actor token, if one was sent. */
  readonly actor: Readonly<Record<string, unknown>> | undefined;
  /** `audience` parameter values. */
  readonly audience: readonly string[];
  /** `resource` parameter values. */
  readonly resource: readonly string[];
  /** `scope` parameter, if sent. */
  readonly scope: string | undefined;
  /** Current time, seconds since the epoch. */
  readonly now: number;
  /** This authority's issuer identifier; undefined in a dry run that does not name it. */
  readonly authorityIssuer: string | undefined;
}
