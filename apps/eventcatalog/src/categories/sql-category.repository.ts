import { Inject, Injectable } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '@baton-demo/kit';
import type { Category } from './category.js';
import { CategoryRepository } from './category.repository.js';

/** {@link CategoryRepository} on the service's SQL database (table `categories`). */
@Injectable()
export class SqlCategoryRepository extends CategoryRepository {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {
    super();
  }

  async list(): Promise<Category[]> {
    return this.db.query<Category>('select id, name from categories order by name');
  }

  async find(id: string): Promise<Category | undefined> {
    const [row] = await this.db.query<Category>('select id, name from categories where id = $1', [id]);
    return row;
  }

  async create(name: string): Promise<Category | undefined> {
    const [row] = await this.db.query<Category>('insert into categories (name) values ($1) on conflict (name) do nothing returning id, name', [name]);
    return row;
  }
}
