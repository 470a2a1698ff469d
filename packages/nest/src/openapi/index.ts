export { applyScopeSecurity } from './apply-scope-security.js';
export type { OpenApiDocumentLike, OpenApiOperationLike, OpenApiPathItemLike, OpenApiSecuritySchemeLike, SecurityRequirementLike } from './openapi-document-like.js';
export type { ScopeSecurityOptions } from './scope-security-options.js';
