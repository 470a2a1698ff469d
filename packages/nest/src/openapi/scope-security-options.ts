/**
 * Options of {@link applyScopeSecurity}.
 *
 * @example
 * ```ts
 * applyScopeSecurity(document, app, { schemeName: 'globoticket' });
 * ```
 */
export interface ScopeSecurityOptions {
  /**
   * The security scheme the requirements name; it must be declared in the document
   * (`new DocumentBuilder().addOAuth2({...}, 'oauth2')`). Default `'oauth2'`.
   */
  schemeName?: string;
  /**
   * The `operationIdFactory` given to `SwaggerModule.createDocument`, if any: operations are
   * matched to handlers by operation id. Default: `@nestjs/swagger`'s own
   * (`Controller_method`, with `_version` appended for versioned routes).
   */
  operationIdFactory?: (controllerKey: string, methodKey: string, version?: string) => string;
}
