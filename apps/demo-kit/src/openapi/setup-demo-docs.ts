import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { applyScopeSecurity } from '@baton/nest';
import type { DemoServiceConfig } from '../service/demo-service-config.js';
import type { DemoServiceOptions } from '../service/demo-service-options.js';

/**
 * Publishes a demo service's OpenAPI document at `/docs` (Swagger UI) and `/docs-json`. The
 * security of each operation comes from its `@RequireScope` / `@Public()` metadata (through
 * `applyScopeSecurity`), under an OAuth 2.0 scheme pointing at the demo authority's
 * authorization and token endpoints.
 *
 * Swagger UI's own assets are served by the HTTP adapter, outside Nest's guards: the docs are
 * public, the API calls made from them need a token.
 *
 * @returns the document, e.g. for tests.
 * @example
 * ```ts
 * const document = setupDemoDocs(app, config, { title: 'eventcatalog', description: 'Events.', migrations: [] });
 * ```
 */
export function setupDemoDocs(app: INestApplication, config: DemoServiceConfig, options: Pick<DemoServiceOptions, 'title' | 'description'>): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1.0')
    .addServer(config.baseUrl)
    .addOAuth2(
      {
        type: 'oauth2',
        description: `Access tokens from the demo authority (${config.authorityUrl}) with audience "${config.audience}".`,
        flows: {
          authorizationCode: { authorizationUrl: `${config.authorityUrl}/auth`, tokenUrl: `${config.authorityUrl}/token`, scopes: {} },
          clientCredentials: { tokenUrl: `${config.authorityUrl}/token`, scopes: {} },
        },
      },
      'oauth2',
    );
  const document = applyScopeSecurity(SwaggerModule.createDocument(app, builder.build()), app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return document;
}
