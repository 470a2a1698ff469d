import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '@baton/core';
import { Injectable } from '@nestjs/common';

/** The verified inbound token of the request being handled, and whom it names. Never log `token`. */
export interface InboundCredentials {
  /** The raw bearer token the audience guard verified: the subject token of exchanges. */
  readonly token: string;
  /** The principal the guard made of it (`req.user`). */
  readonly principal: Principal;
}

/**
 * Carries the inbound credentials from the request to the outbound calls it makes, through
 * `AsyncLocalStorage`: no request-scoped providers, nothing to pass by hand. The module's
 * interceptor runs each authenticated handler inside {@link OnBehalfOfContext.run}; code that
 * runs outside a request (a job, a message consumer) can do the same with a token it verified.
 *
 * @example
 * ```ts
 * const principal = await verifier.verify(token);
 * await context.run({ token, principal }, () => downstreams.fetch('discount', '/coupons'));
 * context.current()?.principal.subject; // inside: the user
 * ```
 */
@Injectable()
export class OnBehalfOfContext {
  private readonly storage = new AsyncLocalStorage<InboundCredentials>();

  /** Runs `fn` (and everything it starts) on behalf of these credentials. */
  run<T>(credentials: InboundCredentials, fn: () => T): T {
    return this.storage.run(credentials, fn);
  }

  /** The credentials of the current request, or undefined outside one. */
  current(): InboundCredentials | undefined {
    return this.storage.getStore();
  }
}
