import type { Category } from './category.js';

/**
 * Where categories are kept. The controllers know only this; `SqlCategoryRepository` is the
 * implementation on the service's `SqlDatabase` (PGlite in the demo).
 *
 * @example
 * ```ts
 * const concerts = await categories.create('Concerts');
 * ```
 */
export abstract class CategoryRepository {
  /** Every category, by name. */
  abstract list(): Promise<Category[]>;
  /** The category with this id, if any. */
  abstract find(id: string): Promise<Category | undefined>;
  /** Creates a category; `undefined` when one with this name exists already. */
  abstract create(name: string): Promise<Category | undefined>;
}
