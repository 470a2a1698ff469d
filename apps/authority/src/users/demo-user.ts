/** The claims a demo user has, released according to the scopes granted (see the claims config). */
export interface DemoUserClaims {
  readonly name: string;
  readonly email: string;
  readonly email_verified: boolean;
  /** Partner users: the groups they belong to (a claims-based mapping rule reads it). */
  readonly group?: readonly string[];
  /** Partner users: their department (a claims-based mapping rule reads it). */
  readonly department?: string;
}

/** A user as kept in `users.json`: the password only as a scrypt hash. */
export interface DemoUser {
  /** Subject identifier, the token's `sub`. */
  readonly sub: string;
  /** What the person types on the login page. */
  readonly username: string;
  /** `scrypt$N$r$p$salt$hash`, see `hashPassword`. */
  readonly passwordHash: string;
  readonly claims: DemoUserClaims;
}

/** A user to create on first start; the password is hashed before anything is written. */
export interface DemoUserSeed {
  readonly sub: string;
  readonly username: string;
  readonly password: string;
  readonly claims: DemoUserClaims;
}
