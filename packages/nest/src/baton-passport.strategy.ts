import { AccessTokenVerifier, extractBearerToken, type BearerExtractionOptions, type Principal } from '@baton/core';
import { bearerSources, type AuthenticatedRequest } from './audience.guard.js';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport';
import { bearerExtractionOptions, type AuthModuleOptions } from './auth-module-options.js';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition.js';

type VerifiedCallback = (principal: Principal, done: (error: unknown, user?: unknown) => void) => void;

/**
 * A passport strategy that verifies bearer tokens with Baton's verifier.
 *
 * Why not passport-jwt: it verifies with jsonwebtoken and a key given as a PEM per request,
 * has no JWKS cooldown, stale window or 503 path, no RFC 9068 `typ` check, and reports every
 * failure as a bare 401, so the RFC 6750 answers (400, 401 with `invalid_token`, 503) would be
 * lost. The benchmark (docs/benchmarks.md) measures both. This strategy keeps the passport
 * contract (`AuthGuard('jwt')`, `req.user`) with Baton's rules and errors.
 */
export class BatonBearerStrategy extends Strategy {
  override name = 'baton-bearer';

  private readonly extraction: BearerExtractionOptions;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    options: AuthModuleOptions,
    private readonly verified: VerifiedCallback,
  ) {
    super();
    this.extraction = bearerExtractionOptions(options);
  }

  override authenticate(request: Omit<AuthenticatedRequest, 'user'>): void {
    let token: string;
    try {
      token = extractBearerToken(bearerSources(request), this.extraction);
    } catch (error) {
      this.error(error);
      return;
    }
    // A token already verified and cached needs no promise; the others wait for the verifier.
    const cached = this.verifier.verifyFromCache(token);
    if (cached !== undefined) {
      this.complete(cached);
      return;
    }
    this.verifier.verify(token).then(
      (principal) => this.complete(principal),
      (error: unknown) => this.error(error),
    );
  }

  private complete(principal: Principal): void {
    try {
      this.verified(principal, (error, user) => (error ? this.error(error) : this.success(user as object)));
    } catch (error) {
      this.error(error);
    }
  }
}

/**
 * Registers {@link BatonBearerStrategy} with passport under the name `jwt`, so
 * `@UseGuards(AuthGuard('jwt'))` works as Nest users expect. Override `validate` to map the
 * principal to your own user object.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(BatonBearerStrategy, 'jwt') {
  constructor(verifier: AccessTokenVerifier, @Inject(AUTH_MODULE_OPTIONS) options: AuthModuleOptions) {
    super(verifier, options);
  }

  /** Returns what becomes `req.user`; the verified principal by default. */
  validate(principal: Principal): unknown {
    return principal;
  }
}
