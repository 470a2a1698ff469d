// Single-core signature verification rates, in-process, started by bench/run.mjs on the
// server's core. Messages: `setup` (token pools, public JWKs, issuer) answered by `setup`,
// then `measure` ({ kinds, seconds }) answered by `rates`, once per round.
import { createPublicKey, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AccessTokenVerifier } from '@baton/core';
import { exitWithParent } from './lib/child-process.mjs';

exitWithParent();

// jose 6 is a dependency of @baton/core, not of the repository root: load that copy.
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromCore = createRequire(join(repositoryRoot, 'packages/core/package.json'));
const jose = await import(pathToFileURL(requireFromCore.resolve('jose')).href);

/** Verifications in flight at once for the asynchronous verifiers (the benchmark's connections). */
const IN_FLIGHT = 50;

const VERIFY_OPTIONS = { ES256: { dsaEncoding: 'ieee-p1363' }, RS256: {} };

function splitToken(token) {
  const second = token.lastIndexOf('.');
  return { data: Buffer.from(token.slice(0, second)), signature: Buffer.from(token.slice(second + 1), 'base64url') };
}

function invalid() {
  return new Error('A valid token failed to verify; the benchmark is not measuring what it says.');
}

/**
 * Calls `verifyOne(i)` for `seconds` (after a short warm-up) and returns the rate per second.
 * Asynchronous verifiers run IN_FLIGHT at a time, as a server with that many connections
 * would: WebCrypto (jose) hands each check to libuv's thread pool, and one at a time would
 * measure the round trip rather than the throughput.
 */
async function measure(seconds, verifyOne, isAsync) {
  const run = async (ms) => {
    let count = 0;
    const start = performance.now();
    const end = start + ms;
    for (;;) {
      if (isAsync) {
        const batch = [];
        for (let j = 0; j < IN_FLIGHT; j += 1) batch.push(verifyOne(count + j));
        for (const ok of await Promise.all(batch)) if (!ok) throw invalid();
        count += IN_FLIGHT;
      } else {
        for (let j = 0; j < 64; j += 1) if (!verifyOne(count + j)) throw invalid();
        count += 64;
      }
      const now = performance.now();
      if (now >= end) return (count * 1000) / (now - start);
    }
  };
  await run(Math.min(250, seconds * 250));
  return run(seconds * 1000);
}

/** One verifier function per kind and algorithm, over that algorithm's distinct tokens. */
async function prepare({ issuer, audience, pools, publicJwks }) {
  const verifiers = {};
  for (const alg of Object.keys(pools)) {
    const pool = pools[alg];
    const jwk = publicJwks[alg];
    const split = pool.map(splitToken);
    const verifyInput = { key: createPublicKey({ key: jwk, format: 'jwk' }), ...VERIFY_OPTIONS[alg] };
    const cryptoKey = await jose.importJWK(jwk, alg);
    const baton = new AccessTokenVerifier({ issuer, audience, verifiedTokenCache: false });
    await baton.verify(pool[0]); // fetches the discovery document and JWKS once
    verifiers[alg] = {
      cryptoVerify: [(i) => {
        const { data, signature } = split[i % split.length];
        return verify('sha256', data, verifyInput, signature);
      }, false],
      joseJwtVerify: [async (i) => {
        await jose.jwtVerify(pool[i % pool.length], cryptoKey, { issuer, audience, algorithms: [alg], typ: 'at+jwt' });
        return true;
      }, true],
      batonVerify: [async (i) => {
        await baton.verify(pool[i % pool.length]);
        return true;
      }, true],
    };
  }
  return verifiers;
}

let verifiers;

async function handle(message) {
  if (message.type === 'setup') {
    verifiers = await prepare(message);
    return { type: 'setup' };
  }
  const results = {};
  for (const [alg, byKind] of Object.entries(verifiers)) {
    results[alg] = {};
    for (const kind of message.kinds) results[alg][kind] = await measure(message.seconds, ...byKind[kind]);
  }
  return { type: 'rates', results, inFlight: IN_FLIGHT };
}

process.on('message', (message) => {
  if (message?.type !== 'setup' && message?.type !== 'measure') return;
  handle(message).then(
    (reply) => process.send(reply),
    (error) => process.send({ type: message.type === 'setup' ? 'setup' : 'rates', error: error?.stack ?? String(error) }),
  );
});
process.send({ type: 'ready' });
