// The Nest applications under test, in plain JavaScript: decorators are applied with
// Reflect.decorate, and no class takes constructor parameters that would need
// emitDecoratorMetadata (Baton's own classes come compiled with their metadata).
import 'reflect-metadata';
import { AuthModule, Public } from '@baton/nest';
import { AccessTokenVerifier } from '@baton/core';
import { Controller, Get, Injectable, Module, UseGuards } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';

function decorateClass(target, decorators) {
  Reflect.decorate(decorators, target);
}

function decorateMethod(target, name, decorators) {
  const prototype = target.prototype;
  const descriptor = Reflect.decorate(decorators, prototype, name, Object.getOwnPropertyDescriptor(prototype, name));
  Object.defineProperty(prototype, name, descriptor);
}

/**
 * The usual recipe found in tutorials and answers: passport-jwt with jwks-rsa's
 * `passportJwtSecret` (keys cached, JWKS requests rate-limited).
 */
function passportJwtRecipeStrategy({ issuer, jwksUri, audience, alg }) {
  class RecipeJwtStrategy extends PassportStrategy(JwtStrategy) {
    constructor() {
      super({
        secretOrKeyProvider: passportJwtSecret({ cache: true, rateLimit: true, jwksRequestsPerMinute: 5, jwksUri }),
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        issuer,
        audience,
        algorithms: [alg],
      });
    }

    validate(payload) {
      return payload;
    }
  }
  decorateClass(RecipeJwtStrategy, [Injectable()]);
  return RecipeJwtStrategy;
}

function noopGuard() {
  class NoopGuard {
    canActivate() {
      return true;
    }
  }
  decorateClass(NoopGuard, [Injectable()]);
  return NoopGuard;
}

/** Builds the Nest app for `config` and returns it, not yet listening. */
export async function createNestApp(config) {
  class HelloController {
    hello() {
      return { hello: 'world' };
    }
  }
  const controllerDecorators = [Controller()];
  const imports = [];
  const providers = [];

  switch (config.auth) {
    case 'none':
      break;
    case 'baton':
      imports.push(AuthModule.forRoot({ issuer: config.issuer, audience: config.audience, ...config.batonOptions }));
      break;
    case 'baton-passport':
      // AuthModule also registers its audience guard app-wide; @Public() turns that one off
      // here so that only the passport path (AuthGuard('jwt') → Baton's strategy) is measured.
      imports.push(AuthModule.forRoot({ issuer: config.issuer, audience: config.audience }));
      controllerDecorators.push(Public(), UseGuards(AuthGuard('jwt')));
      break;
    case 'noop-guard':
      // A global guard that lets everything through: what Nest's guard pipeline alone costs.
      providers.push({ provide: APP_GUARD, useClass: noopGuard() });
      break;
    case 'passport-jwt':
      imports.push(PassportModule);
      providers.push(passportJwtRecipeStrategy(config));
      controllerDecorators.push(UseGuards(AuthGuard('jwt')));
      break;
    default:
      throw new TypeError(`Unknown auth ${config.auth} for a Nest app.`);
  }

  decorateMethod(HelloController, 'hello', [Get('hello')]);
  decorateClass(HelloController, controllerDecorators);
  class BenchModule {}
  decorateClass(BenchModule, [Module({ imports, controllers: [HelloController], providers })]);

  // abortOnError: false, so that a start-up error reaches server.mjs instead of a silent exit.
  const options = { logger: false, abortOnError: false };
  const app =
    config.framework === 'nest-fastify'
      ? await NestFactory.create(BenchModule, new FastifyAdapter(), options)
      : await NestFactory.create(BenchModule, options);
  return app;
}

/**
 * Counts, in the distinct-token runs, Baton's verified-token cache hits, the tokens verified
 * afresh (misses), and how many of those the cache admitted (it stores a token from its second
 * verification on), to show in the report that those runs really miss it. Wraps methods of a
 * private field: acceptable in a benchmark, nowhere else. The repeated-token runs are left
 * alone, since there the lookup is most of the work measured.
 */
export function countVerifiedTokenCacheHits(app, config) {
  if (!config.auth.startsWith('baton') || config.tokens !== 'distinct') return undefined;
  const cache = app.get(AccessTokenVerifier, { strict: false }).cache;
  if (!cache) return undefined;
  const counts = { hits: 0, misses: 0, admitted: 0 };
  const get = cache.get;
  cache.get = function countingGet(token) {
    const entry = get.call(this, token);
    if (entry !== undefined) counts.hits += 1;
    return entry;
  };
  // Called once per token verified afresh (a valid one), whether or not it is then stored.
  const admits = cache.admits;
  cache.admits = function countingAdmits(token) {
    const admitted = admits.call(this, token);
    counts.misses += 1;
    if (admitted) counts.admitted += 1;
    return admitted;
  };
  return counts;
}
