/**
 * Claims the grant itself sets (or that only the subject's authority may set); a claims
 * transformation may never write them.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'client_id', 'scope', 'scp', 'act', 'may_act', 'cnf', 'authorization_details',
]);
