/** Who acts in an exchange: the actor token's subject, or else the client itself. */
export interface ActorIdentity {
  /** `sub` of the actor token, or the client id. */
  readonly sub: string;
  /** The client making the request. */
  readonly clientId: string;
  /** Issuer of the actor token when it is a trusted issuer; undefined for this authority. */
  readonly issuer: string | undefined;
}
