/**
 * One OpenAPI security requirement: scheme name → scopes (OpenAPI 3.x "Security Requirement
 * Object"). The entries of an operation's `security` list are alternatives; the schemes
 * inside one entry must all be satisfied.
 */
export type SecurityRequirementLike = Record<string, string[]>;

/** The parts of an OpenAPI operation that {@link applyScopeSecurity} reads and writes. */
export interface OpenApiOperationLike {
  operationId?: string;
  security?: SecurityRequirementLike[];
}

/** An OpenAPI path item: its operations by HTTP method. */
export interface OpenApiPathItemLike {
  get?: OpenApiOperationLike;
  put?: OpenApiOperationLike;
  post?: OpenApiOperationLike;
  delete?: OpenApiOperationLike;
  options?: OpenApiOperationLike;
  head?: OpenApiOperationLike;
  patch?: OpenApiOperationLike;
  trace?: OpenApiOperationLike;
  search?: OpenApiOperationLike;
  query?: OpenApiOperationLike;
}

/** The parts of an OpenAPI security scheme that {@link applyScopeSecurity} reads and writes. */
export interface OpenApiSecuritySchemeLike {
  type: string;
  flows?: Record<string, { scopes?: Record<string, string> } | undefined>;
}

/**
 * The shape of an OpenAPI 3.x document as far as {@link applyScopeSecurity} is concerned.
 * `@nestjs/swagger`'s `OpenAPIObject` fits it; `@baton/nest` does not depend on
 * `@nestjs/swagger`, so services without OpenAPI docs do not pull it in.
 *
 * @example
 * ```ts
 * const document: OpenApiDocumentLike = SwaggerModule.createDocument(app, config);
 * ```
 */
export interface OpenApiDocumentLike {
  paths: Record<string, OpenApiPathItemLike | undefined>;
  components?: { securitySchemes?: Record<string, OpenApiSecuritySchemeLike | object | undefined> };
}
