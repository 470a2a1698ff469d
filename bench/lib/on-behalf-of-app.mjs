// The service under test in the on-behalf-of benchmark (the shoppingbasket of the demo), in
// plain JavaScript: decorators are applied by hand, constructor parameters are named with
// @Inject (no emitDecoratorMetadata here). One GET route, guarded by AuthModule and
// @RequireScope, that calls the downstream once and returns its JSON:
//
// - `on-behalf-of`: through @baton/nest's OnBehalfOfModule, `DownstreamClient.fetch('discount',
//   '/coupons/mine')` (fetch) or `HttpService.get(url)` with the module's axios interceptor;
// - `fixed`: the same call with the same client (the global fetch, or HttpService without the
//   module) and a fixed `Authorization` header, the baseline. With `context: 'interceptor'`, an
//   app interceptor that does nothing; with `context: 'async-local-storage'`, one that runs the
//   handler inside an AsyncLocalStorage, as the module's interceptor does: what Nest's
//   interceptor pipeline and Node's async context cost by themselves.
import 'reflect-metadata';
import { HttpModule, HttpService } from '@nestjs/axios';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { NestFactory } from '@nestjs/core';
import { AuthModule, DownstreamClient, OnBehalfOfModule, RequireScope } from '@baton/nest';
import { firstValueFrom } from 'rxjs';
import { COUPON_PATH } from './exchange-constants.mjs';
/** The downstream's path the route calls, below its base URL. */
const DOWNSTREAM_PATH = '/coupons/mine';

function decorateMethod(target, name, decorators) {
  const prototype = target.prototype;
  const descriptor = Reflect.decorate(decorators, prototype, name, Object.getOwnPropertyDescriptor(prototype, name));
  Object.defineProperty(prototype, name, descriptor);
}

/** The handler body for `config.mode` × `config.client`, given what was injected. */
function callerFor(config, downstreams, http) {
  const url = `${config.downstream.baseUrl}${DOWNSTREAM_PATH}`;
  const fixed = { authorization: config.fixedAuthorization };
  const fromFetch = async (response) => {
    if (!response.ok) throw new Error(`the downstream answered ${response.status}`);
    return response.json();
  };
  if (config.client === 'fetch') {
    return config.mode === 'on-behalf-of'
      ? async () => fromFetch(await downstreams.fetch('discount', DOWNSTREAM_PATH))
      : async () => fromFetch(await fetch(url, { headers: fixed }));
  }
  // axios rejects a non-2xx answer by itself.
  return config.mode === 'on-behalf-of'
    ? async () => (await firstValueFrom(http.get(url))).data
    : async () => (await firstValueFrom(http.get(url, { headers: fixed }))).data;
}

/**
 * An app interceptor like the module's OnBehalfOfContextInterceptor with nothing else: running
 * the handler inside an AsyncLocalStorage (`withStorage`), or not even that.
 */
function contextInterceptor(withStorage) {
  const storage = new AsyncLocalStorage();
  class ContextInterceptor {
    intercept(context, next) {
      return withStorage ? storage.run({ request: context.getArgByIndex(0) }, () => next.handle()) : next.handle();
    }
  }
  Reflect.decorate([Injectable()], ContextInterceptor);
  return { provide: APP_INTERCEPTOR, useClass: ContextInterceptor };
}

/**
 * Builds the app for `config` (not yet listening): `{ mode: 'on-behalf-of' | 'fixed',
 * client: 'fetch' | 'axios', context?: 'interceptor' | 'async-local-storage', issuer, audience, scope, downstream: { baseUrl, audience, scope },
 * clientId, clientSecret, fixedAuthorization }`.
 */
export async function createOnBehalfOfApp(config) {
  const injected = [];
  if (config.mode === 'on-behalf-of' && config.client === 'fetch') injected.push(DownstreamClient);
  if (config.client === 'axios') injected.push(HttpService);

  class CouponController {
    constructor(...dependencies) {
      const byToken = new Map(injected.map((token, index) => [token, dependencies[index]]));
      this.call = callerFor(config, byToken.get(DownstreamClient), byToken.get(HttpService));
    }

    coupon() {
      return this.call();
    }
  }
  injected.forEach((token, index) => Inject(token)(CouponController, undefined, index));
  const [controllerPath, routePath] = COUPON_PATH.slice(1).split('/');
  decorateMethod(CouponController, 'coupon', [Get(routePath), RequireScope(config.scope)]);
  Reflect.decorate([Controller(controllerPath)], CouponController);

  const imports = [AuthModule.forRoot({ issuer: config.issuer, audience: config.audience })];
  if (config.client === 'axios') imports.push(HttpModule);
  if (config.mode === 'on-behalf-of') {
    imports.push(
      OnBehalfOfModule.register({
        authority: config.issuer,
        client: { id: config.clientId, secret: config.clientSecret },
        // The authority and the downstream listen on 127.0.0.1 over plain http.
        allowInsecureHttp: true,
        downstreams: { discount: { baseUrl: config.downstream.baseUrl, audience: config.downstream.audience, scope: config.downstream.scope } },
      }),
    );
  }
  const providers = config.context === undefined ? [] : [contextInterceptor(config.context === 'async-local-storage')];
  class OnBehalfOfBenchModule {}
  Reflect.decorate([Module({ imports, controllers: [CouponController], providers })], OnBehalfOfBenchModule);

  // abortOnError: false, so that a start-up error reaches the caller instead of a silent exit.
  return NestFactory.create(OnBehalfOfBenchModule, { logger: false, abortOnError: false });
}
