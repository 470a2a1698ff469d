import type { KeyObject } from 'node:crypto';
import { setImmediate } from 'node:timers';
import type { SupportedAlgorithm } from './algorithms.js';
import { verifySignature } from './verify-signature.js';

interface PendingCheck {
  readonly alg: SupportedAlgorithm;
  readonly key: KeyObject;
  readonly signingInput: string;
  readonly signature: Buffer;
  readonly resolve: (valid: boolean) => void;
}

/**
 * Most checks run in one turn of the event loop; the rest wait for the next turn, so that
 * sockets are polled in between (64 ES256 checks take about 5 ms on the benchmark machine).
 */
export const MAX_CHECKS_PER_TURN = 64;

let pending: PendingCheck[] = [];
let scheduled = false;

/**
 * {@link verifySignature}, run together with the other checks requested in the same turn of
 * the event loop, in the check phase that follows it (`setImmediate`).
 *
 * Why: a server under load reads many requests per turn. Checked one by one, each signature
 * check runs between two requests' HTTP work, which evicts OpenSSL's code and tables from the
 * CPU caches, and the reverse; measured on the benchmark machine, a check then costs a third
 * more than in a loop, and the HTTP work more too. Grouping the checks of one turn keeps both
 * warm (docs/benchmarks.md). Each check is still its own `crypto.verify` of its own token: the
 * result is exactly {@link verifySignature}'s; a lone request waits only for the end of the
 * current turn. `setImmediate` is taken from `node:timers`, so fake timers installed on the
 * global object (tests) do not hold verification back.
 */
export function verifySignatureInBatch(alg: SupportedAlgorithm, key: KeyObject, signingInput: string, signature: Buffer): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    pending.push({ alg, key, signingInput, signature, resolve });
    if (!scheduled) {
      scheduled = true;
      setImmediate(runPendingChecks);
    }
  });
}

function runPendingChecks(): void {
  const batch = pending.length > MAX_CHECKS_PER_TURN ? pending.splice(0, MAX_CHECKS_PER_TURN) : pending;
  if (batch === pending) pending = [];
  scheduled = pending.length > 0;
  if (scheduled) setImmediate(runPendingChecks);
  for (const check of batch) {
    let valid = false;
    try {
      valid = verifySignature(check.alg, check.key, check.signingInput, check.signature);
    } catch {
      // verifySignature does not throw; should it ever, the token is refused, not left waiting.
    }
    check.resolve(valid);
  }
}
