// The authority under test (oidc-provider + @baton/authority), as its own process pinned to a
// core by bench/exchange.mjs or bench/on-behalf-of.mjs. Over IPC:
//   → { type: 'start', partner? }            ← { type: 'started', issuer, secrets }
//   → { type: 'mint', count, prefix, ... }   ← { type: 'minted', tokens, seconds }
//   → { type: 'stats' }                      ← { type: 'stats', cpuMicros, counters, signatureChecks }
// A failure answers the expected reply type with `error`. Secrets travel over the IPC channel
// only (never argv or the environment).
import { startBenchAuthority } from './lib/exchange-authority.mjs';
import { exitWithParent } from './lib/child-process.mjs';
import { timeSignatureChecks } from './lib/time-signature-checks.mjs';

exitWithParent();
// Counts the signature checks of subject tokens (@baton/core verifies with crypto.verify; the
// provider signs with crypto.sign): one per exchange shows that no verified-token cache helped.
const signatureChecks = timeSignatureChecks();
let authority;
const REPLIES = { start: 'started', mint: 'minted', stats: 'stats' };

process.on('message', async (message) => {
  try {
    if (message?.type === 'start') {
      authority = await startBenchAuthority({ partner: message.partner });
      process.send({ type: 'started', issuer: authority.issuer, secrets: authority.secrets });
    } else if (message?.type === 'mint') {
      const started = performance.now();
      const tokens = [];
      for (let i = 0; i < message.count; i += 1) {
        tokens.push(await authority.mintUserToken({ sub: `${message.prefix}${i}`, audience: message.audience, scope: message.scope, expiresIn: message.expiresIn }));
      }
      process.send({ type: 'minted', tokens, seconds: (performance.now() - started) / 1000 });
    } else if (message?.type === 'stats') {
      const { user, system } = process.cpuUsage();
      process.send({
        type: 'stats',
        cpuMicros: user + system,
        counters: structuredClone(authority?.counters),
        signatureChecks: { calls: signatureChecks.calls, micros: Number(signatureChecks.nanoseconds) / 1000 },
      });
    }
  } catch (error) {
    process.send({ type: REPLIES[message?.type] ?? 'failed', error: error?.stack ?? String(error) });
  }
});
process.send({ type: 'ready' });
