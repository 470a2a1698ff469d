// One server under test, started by bench/run.mjs as its own process on its own core.
// argv[2] is the configuration as JSON; it answers `ready` with its port over IPC.
import { once } from 'node:events';
import { createExpressApp } from './apps/express-app.mjs';
import { createNodeHttpServer } from './apps/node-http-server.mjs';
import { countVerifiedTokenCacheHits, createNestApp } from './apps/nest-app.mjs';
import { exitWithParent } from './lib/child-process.mjs';
import { timeSignatureChecks } from './lib/time-signature-checks.mjs';

exitWithParent();
const config = JSON.parse(process.argv[2]);

// Baton checks signatures with crypto.verify: time them where every request needs one.
const signatureChecks = config.auth.startsWith('baton') && config.tokens === 'distinct' ? timeSignatureChecks() : undefined;

try {
  let port;
  let cacheCounts;
  if (config.framework === 'node-http') {
    const server = createNodeHttpServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = server.address().port;
  } else if (config.framework === 'express') {
    const server = createExpressApp(config).listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = server.address().port;
  } else {
    const app = await createNestApp(config);
    cacheCounts = countVerifiedTokenCacheHits(app, config);
    await app.listen(0, '127.0.0.1');
    port = app.getHttpServer().address().port;
  }
  // `stats` answers the CPU time used so far (µs), and the verified-token cache hits and
  // misses and the signature checks (count, µs) since the last `stats`.
  process.on('message', (message) => {
    if (message?.type !== 'stats') return;
    const { user, system } = process.cpuUsage();
    process.send({
      type: 'stats',
      cpuMicros: user + system,
      verifiedTokenCache: cacheCounts && { ...cacheCounts },
      signatureChecks: signatureChecks && { calls: signatureChecks.calls, micros: Number(signatureChecks.nanoseconds) / 1000 },
    });
    if (cacheCounts) {
      cacheCounts.hits = 0;
      cacheCounts.misses = 0;
      cacheCounts.admitted = 0;
    }
    if (signatureChecks) {
      signatureChecks.calls = 0;
      signatureChecks.nanoseconds = 0n;
    }
  });
  process.send({ type: 'ready', port });
} catch (error) {
  console.error(error);
  process.send({ type: 'failed', error: error?.stack ?? String(error) }, () => process.exit(1));
}
