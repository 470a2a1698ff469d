// Times node:crypto's verify() inside a server under test, to compare a signature check there
// with the same check in a tight loop (verify-rates.mjs).
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';

/**
 * Wraps `crypto.verify` (and the live ESM binding Baton imports) with a timer; two hrtime
 * reads per call, well under 1 % of a check. Returns counters the caller reads and resets.
 */
export function timeSignatureChecks() {
  const counters = { calls: 0, nanoseconds: 0n };
  const verify = crypto.verify;
  crypto.verify = function timedVerify(...args) {
    const started = process.hrtime.bigint();
    try {
      return verify.apply(this, args);
    } finally {
      counters.nanoseconds += process.hrtime.bigint() - started;
      counters.calls += 1;
    }
  };
  syncBuiltinESMExports();
  return counters;
}
