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
    return this.storage.run(new StoredCredentials(credentials.token, credentials.principal), fn);
  }

  /** The credentials of the current request, or undefined outside one. */
  current(): InboundCredentials | undefined {
    return this.storage.getStore();
  }
}

/**
 * The store kept in the async context. Node shows async-context stores when a promise or a
 * resource is inspected (`[Symbol(kResourceStore)]`), so the token sits in a private field,
 * out of `util.inspect` and `JSON.stringify` (O6).
 */
class StoredCredentials implements InboundCredentials {
  readonly #token: string;

  constructor(
    token: string,
    readonly principal: Principal,
  ) {
    this.#token = token;
    Object.freeze(this);
  }

  get token(): string {
    return this.#token;
  }
}
