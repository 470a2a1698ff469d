import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * An OpenAPI schema object, as `@ApiOkResponse({ schema })` takes it (`@nestjs/swagger` does
 * not export the name).
 *
 * @example
 * ```ts
 * export const CATEGORY_SCHEMA: OpenApiSchema = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
 * ```
 */
export type OpenApiSchema = Exclude<NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string], { $ref: string }>;
