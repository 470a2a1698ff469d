// What is measured: one entry per server configuration.
//
// `tokens`: 'none' (no Authorization header), 'distinct' (every request takes the next token
// of a pool larger than Baton's verified-token cache, so every request pays for a signature
// check), or 'repeated' (one token for every request).
// `baseline`: the id of the unguarded server this one is compared with.

const NEST_EXPRESS = 'nest-express';
const NEST_FASTIFY = 'nest-fastify';
const EXPRESS = 'express';

function guarded(framework, auth, alg, tokens, label, baseline) {
  return { id: `${framework}/${auth}/${alg}/${tokens}`, framework, auth, alg, tokens, label, baseline };
}

function unguarded(framework, label) {
  const id = `${framework}/none`;
  return { id, framework, auth: 'none', alg: undefined, tokens: 'none', label, baseline: id };
}

/** Every configuration, in report order. */
export function benchConfigurations() {
  const configurations = [
    // Not a contender: the most a bare server gets from this load generator on this machine.
    unguarded('node-http', 'node:http, unguarded (load-generator reference)'),
    unguarded(NEST_EXPRESS, 'Nest express, unguarded'),
    // Not a contender: a global guard that returns true, i.e. Nest's guard pipeline alone, with
    // the same Authorization header as the token runs.
    guarded(NEST_EXPRESS, 'noop-guard', 'ES256', 'repeated', 'Nest express + a no-op global guard (reference)', `${NEST_EXPRESS}/none`),
  ];
  for (const alg of ['ES256', 'RS256']) {
    configurations.push(guarded(NEST_EXPRESS, 'baton', alg, 'distinct', 'Nest express + Baton AuthModule', `${NEST_EXPRESS}/none`));
    // The repeated-token path does not depend on the algorithm (one cache lookup): ES256 only.
    if (alg === 'ES256') configurations.push(guarded(NEST_EXPRESS, 'baton', alg, 'repeated', 'Nest express + Baton AuthModule', `${NEST_EXPRESS}/none`));
    configurations.push(
      guarded(NEST_EXPRESS, 'baton-passport', alg, 'distinct', "Nest express + Baton via AuthGuard('jwt')", `${NEST_EXPRESS}/none`),
      guarded(NEST_EXPRESS, 'passport-jwt', alg, 'distinct', 'Nest express + @nestjs/passport + passport-jwt + jwks-rsa', `${NEST_EXPRESS}/none`),
    );
  }
  configurations.push(unguarded(EXPRESS, 'express 5, unguarded'));
  for (const alg of ['ES256', 'RS256']) {
    configurations.push(guarded(EXPRESS, 'auth0', alg, 'distinct', 'express 5 + express-oauth2-jwt-bearer', `${EXPRESS}/none`));
  }
  configurations.push(
    unguarded(NEST_FASTIFY, 'Nest fastify, unguarded'),
    guarded(NEST_FASTIFY, 'noop-guard', 'ES256', 'repeated', 'Nest fastify + a no-op global guard (reference)', `${NEST_FASTIFY}/none`),
    guarded(NEST_FASTIFY, 'baton', 'ES256', 'distinct', 'Nest fastify + Baton AuthModule', `${NEST_FASTIFY}/none`),
    guarded(NEST_FASTIFY, 'baton', 'ES256', 'repeated', 'Nest fastify + Baton AuthModule', `${NEST_FASTIFY}/none`),
    guarded(NEST_FASTIFY, 'baton', 'RS256', 'distinct', 'Nest fastify + Baton AuthModule', `${NEST_FASTIFY}/none`),
  );
  return configurations;
}
