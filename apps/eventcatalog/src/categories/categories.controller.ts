import { Body, ConflictException, Controller, Get, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '@baton/nest';
import type { BodyOf } from '@baton-demo/kit';
import { CATEGORY_SCHEMA, type Category } from './category.js';
import { CategoryRepository } from './category.repository.js';
import { newCategorySchema } from './new-category.schema.js';

/** `/categories`: read with `eventcatalog.read`, create with `eventcatalog.write`. */
@ApiTags('categories')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoryRepository) {}

  @Get()
  @RequireScope('eventcatalog.read')
  @ApiOperation({ summary: 'Every category, by name' })
  @ApiOkResponse({ schema: { type: 'array', items: CATEGORY_SCHEMA } })
  list(): Promise<Category[]> {
    return this.categories.list();
  }

  @Post()
  @RequireScope('eventcatalog.write')
  @ApiOperation({ summary: 'Create a category' })
  @ApiCreatedResponse({ schema: CATEGORY_SCHEMA })
  @ApiConflictResponse({ description: 'A category with this name exists already.' })
  async create(@Body({ schema: newCategorySchema }) body: BodyOf<typeof newCategorySchema>): Promise<Category> {
    const created = await this.categories.create(body.name);
    if (created === undefined) throw new ConflictException('A category with this name exists already');
    return created;
  }
}
