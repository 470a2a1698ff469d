// One service under test of the on-behalf-of benchmark (bench/lib/on-behalf-of-app.mjs), as its
// own process pinned to the server core by bench/on-behalf-of.mjs. Over IPC:
//   ← { type: 'ready' }
//   → { type: 'start', config }   ← { type: 'started', port } (or `error`)
//   → { type: 'stats' }           ← { type: 'stats', cpuMicros, received } (requests received so far)
// The configuration (with the client secret) travels over the IPC channel, never argv.
import { exitWithParent } from './lib/child-process.mjs';
import { createOnBehalfOfApp } from './lib/on-behalf-of-app.mjs';

exitWithParent();
let app;
let received = 0;

process.on('message', async (message) => {
  if (message?.type === 'start') {
    try {
      app = await createOnBehalfOfApp(message.config);
      await app.listen(0, '127.0.0.1');
      // Requests received (in a steady run, as many as answered): the CPU per request of a
      // service measured next to another one, whose calls the downstream also counts.
      app.getHttpServer().on('request', () => {
        received += 1;
      });
      process.send({ type: 'started', port: app.getHttpServer().address().port });
    } catch (error) {
      process.send({ type: 'started', error: error?.stack ?? String(error) });
    }
  } else if (message?.type === 'stats') {
    const { user, system } = process.cpuUsage();
    process.send({ type: 'stats', cpuMicros: user + system, received });
  }
});
process.send({ type: 'ready' });
