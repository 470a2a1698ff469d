import type { INestApplicationContext } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { readRouteAuthPolicy, type RouteAuthPolicy } from '../route-auth-policy.js';
import type { OpenApiDocumentLike, OpenApiPathItemLike, OpenApiSecuritySchemeLike, SecurityRequirementLike } from './openapi-document-like.js';
import type { ScopeSecurityOptions } from './scope-security-options.js';
import { securityRequirementsOf } from './security-requirements-of.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'search', 'query'] as const satisfies ReadonlyArray<keyof OpenApiPathItemLike>;

/** `@nestjs/swagger`'s default operation id: `Controller_method`, or `Controller_method_version`. */
function swaggerOperationId(controllerKey: string, methodKey: string, version?: string): string {
  const base = controllerKey ? `${controllerKey}_${methodKey}` : methodKey;
  return version ? `${base}_${version}` : base;
}

interface DiscoveredRoute {
  readonly operationId: string;
  readonly label: string;
  readonly security: SecurityRequirementLike[];
}

/**
 * Writes each operation's OpenAPI `security` from the route's `@RequireScope`,
 * `@RequireAnyScope` and `@Public()` metadata, so the published docs say exactly what the
 * guards enforce: public routes get `security: []`, the others `[{ oauth2: [scopes] }]`
 * (alternatives for `@RequireAnyScope`). Every scope required somewhere is also listed, with
 * the operations that need it, in each flow of the document's OAuth 2.0 security scheme.
 *
 * Operations are matched to handlers by operation id. An operation that matches no handler
 * is a `TypeError` rather than an operation published without its requirements.
 * The document is changed in place and returned.
 *
 * @param document what `SwaggerModule.createDocument(app, config)` returned; it must declare
 *   the security scheme named by `options.schemeName` (default `oauth2`).
 * @param app the application the document was made from; the metadata of every one of its
 *   controllers is read.
 * @throws TypeError when the scheme is not declared, an operation matches no handler, or
 *   two handlers claim one operation id with different requirements.
 * @example
 * ```ts
 * const config = new DocumentBuilder()
 *   .setTitle('eventcatalog')
 *   .addOAuth2({ type: 'oauth2', flows: { clientCredentials: { tokenUrl: `${issuer}/token`, scopes: {} } } }, 'oauth2')
 *   .build();
 * const document = applyScopeSecurity(SwaggerModule.createDocument(app, config), app);
 * SwaggerModule.setup('docs', app, document);
 * ```
 */
export function applyScopeSecurity<D extends OpenApiDocumentLike>(document: D, app: INestApplicationContext, options: ScopeSecurityOptions = {}): D {
  const schemeName = options.schemeName ?? 'oauth2';
  const scheme = document.components?.securitySchemes?.[schemeName] as OpenApiSecuritySchemeLike | undefined;
  if (scheme === undefined) {
    throw new TypeError(
      `applyScopeSecurity: the document declares no security scheme "${schemeName}". ` +
        `Add one with new DocumentBuilder().addOAuth2({ ... }, '${schemeName}'), or set options.schemeName to the scheme you declared.`,
    );
  }
  const routes = discoverRoutes(app, options.operationIdFactory ?? swaggerOperationId, schemeName);
  const requiredBy = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    if (item === undefined) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const route = routeOf(routes, operation.operationId, where);
      operation.security = route.security.map((requirement) => ({ ...requirement }));
      for (const scope of new Set(route.security.flatMap((requirement) => requirement[schemeName] ?? []))) {
        requiredBy.set(scope, [...(requiredBy.get(scope) ?? []), where]);
      }
    }
  }
  listScopes(scheme, requiredBy);
  return document;
}

/** Every handler of every controller, by the operation id the document gives it. */
function discoverRoutes(app: INestApplicationContext, operationIdFactory: NonNullable<ScopeSecurityOptions['operationIdFactory']>, schemeName: string): Map<string, DiscoveredRoute | 'ambiguous'> {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes = new Map<string, DiscoveredRoute | 'ambiguous'>();
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (abstract new (...args: never[]) => object) | undefined | null;
    if (!controller || !controller.prototype) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const methodKey of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[methodKey] as object;
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const policy: RouteAuthPolicy = readRouteAuthPolicy(reflector, controller, handler);
      const route: DiscoveredRoute = {
        operationId: operationIdFactory(controller.name, methodKey),
        label: `${controller.name}.${methodKey}`,
        security: securityRequirementsOf(policy, schemeName),
      };
      const known = routes.get(route.operationId);
      routes.set(route.operationId, known === undefined || (known !== 'ambiguous' && sameSecurity(known, route)) ? route : 'ambiguous');
    }
  }
  return routes;
}

/**
 * The handler behind an operation: the exact operation id, or the longest one it extends with
 * `_…` (a version or, for `@All()`, the HTTP method) or `[…]` (a path alias).
 */
function routeOf(routes: Map<string, DiscoveredRoute | 'ambiguous'>, operationId: string | undefined, where: string): DiscoveredRoute {
  let found: DiscoveredRoute | 'ambiguous' | undefined;
  let foundLength = -1;
  if (operationId !== undefined) {
    for (const [id, route] of routes) {
      const matches = operationId === id || operationId.startsWith(`${id}_`) || operationId.startsWith(`${id}[`);
      if (matches && id.length > foundLength) {
        found = route;
        foundLength = id.length;
      }
    }
  }
  if (found === 'ambiguous') {
    throw new TypeError(
      `applyScopeSecurity: operation ${where} (operationId "${operationId}") matches several handlers with different scope requirements; ` +
        'give the controllers distinct class names or pass an operationIdFactory that tells them apart.',
    );
  }
  if (found === undefined) {
    throw new TypeError(
      `applyScopeSecurity: operation ${where} (operationId "${operationId ?? ''}") matches no controller handler. ` +
        'If SwaggerModule.createDocument was given an operationIdFactory, pass the same function as options.operationIdFactory.',
    );
  }
  return found;
}

function sameSecurity(a: DiscoveredRoute, b: DiscoveredRoute): boolean {
  return JSON.stringify(a.security) === JSON.stringify(b.security);
}

/** Adds every required scope to each OAuth 2.0 flow's scope list, keeping existing descriptions. */
function listScopes(scheme: OpenApiSecuritySchemeLike, requiredBy: Map<string, string[]>): void {
  if (scheme.type !== 'oauth2' || scheme.flows === undefined) return;
  for (const flow of Object.values(scheme.flows)) {
    if (flow === undefined) continue;
    const scopes = { ...(flow.scopes ?? {}) };
    for (const [scope, operations] of [...requiredBy].sort(([a], [b]) => a.localeCompare(b))) {
      if (!scopes[scope]) scopes[scope] = `Required by ${operations.join(', ')}`;
    }
    flow.scopes = scopes;
  }
}
