// Child processes pinned to one core, talking to the parent over IPC, and never outliving it.
import { execFileSync, spawn } from 'node:child_process';

/** True when util-linux `taskset` can pin processes to a core. */
export const canPin = (() => {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Pins this process and all its threads (libuv pool, GC) to `core`. */
export function pinThisProcess(core) {
  if (canPin) execFileSync('taskset', ['-a', '-cp', String(core), String(process.pid)], { stdio: 'ignore' });
}

const running = new Set();

// Children also exit by themselves when the IPC channel closes (see exitWithParent), which
// covers a parent killed with SIGKILL; this handles the ordinary ways the parent stops.
function killAll() {
  for (const child of running) child.kill('SIGTERM');
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

/**
 * Starts `node [nodeArgs] script [args]` on `core` (through `taskset`, which execs node, so
 * the IPC descriptor is inherited) and resolves with a handle once the child sends `ready`.
 */
export function startChild(script, args, { core, nodeArgs = [], readyTimeoutMs = 60_000 }) {
  const nodeArgv = [...nodeArgs, script, ...args];
  const child = canPin
    ? spawn('taskset', ['-c', String(core), process.execPath, ...nodeArgv], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    : spawn(process.execPath, nodeArgv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => running.delete(child));

  const handle = {
    pid: child.pid,
    /** Sends `message` and resolves with the first reply of type `replyType`. */
    request(message, replyType) {
      return new Promise((resolve, reject) => {
        const onMessage = (reply) => {
          if (reply?.type !== replyType) return;
          child.off('message', onMessage);
          resolve(reply);
        };
        child.on('message', onMessage);
        child.send(message, (error) => error && reject(error));
      });
    },
    /** Closes the channel (the child exits by itself, writing any --cpu-prof) and waits. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.disconnect();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} did not start within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    child.on('message', (message) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve({ ...handle, ready: message });
      } else if (message?.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${script} failed to start: ${message.error}`));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready (code ${code}, signal ${signal})`));
    });
  });
}

/** In a child: exit as soon as the parent goes away (the IPC channel closes). */
export function exitWithParent() {
  if (!process.send) throw new Error('Start this script through bench/run.mjs (it needs an IPC channel to its parent).');
  process.on('disconnect', () => process.exit(0));
}
