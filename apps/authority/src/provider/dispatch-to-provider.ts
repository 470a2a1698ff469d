import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthorityRuntime } from '../app/authority-runtime.js';
import { isProviderPath } from './provider-routes.js';

type Next = (error?: unknown) => void;

/**
 * Express middleware, installed before Nest's body parsers and routes, that hands oidc-provider
 * its own paths (see {@link isProviderPath}) with the request body unread (the provider parses
 * it itself and refuses repeated parameters), and lets every other request through to Nest.
 * Before the provider is attached it answers 503 with `Retry-After`.
 *
 * @example
 * ```ts
 * app.use(dispatchToProvider(runtime));
 * ```
 */
export function dispatchToProvider(runtime: AuthorityRuntime): (request: IncomingMessage, response: ServerResponse, next: Next) => void {
  let callback: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  return (request, response, next) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (!isProviderPath(path)) {
      next();
      return;
    }
    if (!runtime.ready) {
      response.writeHead(503, { 'Retry-After': '1', 'Cache-Control': 'no-store', 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: 'temporarily_unavailable', error_description: 'the authority is starting' }));
      return;
    }
    callback ??= runtime.provider.callback();
    callback(request, response);
  };
}
