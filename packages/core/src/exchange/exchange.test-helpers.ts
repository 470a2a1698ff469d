import { registerKnownSecret, TestIssuer } from '@baton/testing';
import { DelegatedTokenSource } from './delegated-token-source.js';
import type { DelegatedTokenSourceOptions } from './delegated-token-source-options.js';
import { StubTokenEndpoint } from './stub-token-endpoint.test-helpers.js';

/** A clock for tests: `Date.now()` answers `now`, moved by `advance`. Restored after each test by the preset. */
export interface TestClock {
  now: number;
  advance(ms: number): void;
}

/** Freezes `Date.now()` at the current time; only `advance` moves it. Timers keep real time. */
export function mockClock(): TestClock {
  const clock: TestClock = {
    now: Date.now(),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  jest.spyOn(Date, 'now').mockImplementation(() => clock.now);
  return clock;
}

/** A test issuer minting subject (and issued) tokens, and a stub token endpoint. */
export interface ExchangeFixture {
  readonly issuer: TestIssuer;
  readonly stub: StubTokenEndpoint;
  /** Options reaching the stub: http allowed, its token endpoint, a client secret. */
  options(overrides?: Partial<DelegatedTokenSourceOptions>): DelegatedTokenSourceOptions;
  /** A source with `options(overrides)`, closed in `close()`. */
  source(overrides?: Partial<DelegatedTokenSourceOptions>): DelegatedTokenSource;
  /** A subject token for `sub`, valid `expiresIn` seconds. */
  subject(sub: string, expiresIn?: number): Promise<string>;
  close(): Promise<void>;
}

export const CLIENT_ID = 'shoppingbasket';
export const CLIENT_SECRET = 'sb-secret-Xq7!v9@Lm2#Pz';

/** Starts an issuer and a stub; every source made through it is closed by `close`. */
export async function startExchangeFixture(): Promise<ExchangeFixture> {
  registerKnownSecret(CLIENT_SECRET);
  const issuer = await TestIssuer.start({ audience: 'shoppingbasket' });
  const stub = await StubTokenEndpoint.start({ mint: (claims) => issuer.mint(claims) });
  const sources: DelegatedTokenSource[] = [];
  const options = (overrides: Partial<DelegatedTokenSourceOptions> = {}): DelegatedTokenSourceOptions => ({
    authority: stub.origin,
    tokenEndpoint: stub.tokenEndpoint,
    client: { id: CLIENT_ID, secret: CLIENT_SECRET },
    allowInsecureHttp: true,
    retries: 0,
    ...overrides,
  });
  return {
    issuer,
    stub,
    options,
    source(overrides) {
      const source = new DelegatedTokenSource(options(overrides));
      sources.push(source);
      return source;
    },
    subject: (sub, expiresIn = 300) => issuer.mint({ sub }, { expiresIn }),
    async close() {
      await Promise.all(sources.map((source) => source.close()));
      await stub.close();
      await issuer.close();
    },
  };
}
