// Plain express 5, unguarded or with auth0's express-oauth2-jwt-bearer.
import express from 'express';
import { auth } from 'express-oauth2-jwt-bearer';

/** Builds the express app for `config` (not listening). */
export function createExpressApp(config) {
  const app = express();
  if (config.auth === 'auth0') {
    app.use(auth({ issuerBaseURL: config.issuer, audience: config.audience, tokenSigningAlg: config.alg }));
  } else if (config.auth !== 'none') {
    throw new TypeError(`Unknown auth ${config.auth} for a plain express app.`);
  }
  app.get('/hello', (_req, res) => {
    res.json({ hello: 'world' });
  });
  // The error answer an application would send; express's default handler would also print
  // every refused request's stack trace.
  app.use((error, _req, res, _next) => {
    res.status(error.status ?? 500).set(error.headers ?? {}).json({ error: error.code ?? 'server_error' });
  });
  return app;
}
